import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './roles.js';

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
