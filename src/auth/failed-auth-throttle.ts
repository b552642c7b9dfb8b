import { AsyncResource } from 'node:async_hooks';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

/** 20 failed authentications within a minute block the address for a minute. */
export const FAILURES_ALLOWED = 20;
export const FAILURE_WINDOW_MS = 60_000;
export const BLOCK_MS = 60_000;

interface Address {
  failures: number[];
  blockedUntil: number;
}

/**
 * Failed authentications (answered 401) counted per client address, in this process's memory: a
 * second instance counts its own, and a restart forgets. While blocked, every request of the
 * address needing a key is a 429 with Retry-After, a valid key too.
 */
@Injectable()
export class FailedAuthThrottle {
  private readonly logger = new Logger('Authentication');
  private readonly addresses = new Map<string, Address>();

  /** Throws the 429 while the address is blocked; else counts the request's answer once it is a 401. */
  watch(request: Request, response: Response, now = Date.now()): void {
    const address = request.ip ?? 'unknown';
    const state = this.addresses.get(address);
    if (state && state.blockedUntil > now) {
      const seconds = Math.ceil((state.blockedUntil - now) / 1000);
      response.setHeader('Retry-After', String(seconds));
      throw new HttpException(`Too many failed authentications from ${address}; try again in ${seconds} s`, 429);
    }
    response.once(
      'finish',
      AsyncResource.bind(() => {
        if (response.statusCode === 401) this.failed(address, request.path, Date.now());
      }),
    );
  }

  /** A failed authentication answered otherwise than 401 (a forged or replayed single sign-on answer, a 400). */
  countFailure(request: Request): void {
    this.failed(request.ip ?? 'unknown', request.path, Date.now());
  }

  private failed(address: string, path: string, now: number): void {
    const state = this.addresses.get(address) ?? { failures: [], blockedUntil: 0 };
    state.failures = [...state.failures.filter((at) => at > now - FAILURE_WINDOW_MS), now];
    const blocked = state.failures.length >= FAILURES_ALLOWED;
    if (blocked) state.failures = [];
    state.blockedUntil = blocked ? now + BLOCK_MS : state.blockedUntil;
    this.addresses.set(address, state);
    this.forgetOld(now);
    this.logger.warn(blocked ? 'Authentication failed; address blocked' : 'Authentication failed', { clientAddress: address, path });
  }

  /** Addresses that neither failed lately nor are blocked take no memory. */
  private forgetOld(now: number): void {
    for (const [address, state] of this.addresses)
      if (state.blockedUntil <= now && state.failures.every((at) => at <= now - FAILURE_WINDOW_MS)) this.addresses.delete(address);
  }
}
