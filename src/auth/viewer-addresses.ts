import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { Actor } from './roles.js';

const EMAIL = /([^\s@"<>(),;:]+)@([^\s@"<>(),;:]+\.[^\s@"<>(),;:]+)/g;

/** `ada.lovelace@example.com` as a viewer sees it: `a***@example.com`, enough to tell colleagues apart by domain, not to write to them. */
export function maskAddresses(text: string, own: string): string {
  return text.replace(EMAIL, (address, local: string, domain: string) =>
    address.toLowerCase() === own.toLowerCase() ? address : `${local[0]}***@${domain}`,
  );
}

function masked(value: unknown, own: string): unknown {
  if (typeof value === 'string') return value.includes('@') ? maskAddresses(value, own) : value;
  if (Array.isArray(value)) return value.map((item) => masked(item, own));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item, own)]));
  return value;
}

/**
 * Viewers read breaches, runs and emails, but the addresses in them (who asked for a waiver, whom an
 * alert went to) are not theirs to collect: every address in a JSON answer to a viewer is masked,
 * but its own. In one place, so that a new answer carrying an address cannot forget it.
 */
@Injectable()
export class ViewerAddressesInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
    if (actor?.role !== 'viewer') return next.handle();
    return next.handle().pipe(map((body) => masked(body, actor.email)));
  }
}
