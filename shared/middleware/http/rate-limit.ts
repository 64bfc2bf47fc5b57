import type { MiddlewareObj } from '@middy/core';
import type { RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';
import type { HttpEvent, HttpRequest, HttpResponse } from './types.ts';

export interface RateLimitOptions {
  scope: string;
  rule: RateRule;
  limiter: () => Promise<RateLimiter>;
  /** Whom to count; the source IP by default. */
  subject?: (event: HttpEvent) => string;
}

const sourceIp = (event: HttpEvent) => event.requestContext?.http?.sourceIp ?? 'unknown';

/** Takes one attempt from the caller's window before anything else runs; 429 with Retry-After once it is used up. */
export const rateLimit = ({ scope, rule, limiter, subject = sourceIp }: RateLimitOptions): MiddlewareObj<HttpEvent, HttpResponse, Error, OrderlyContext> => ({
  before: async (request: HttpRequest) => {
    await (await limiter()).consume(scope, subject(request.event), rule);
  },
});
