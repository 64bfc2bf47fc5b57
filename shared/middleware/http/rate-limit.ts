import type { RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';
import type { HttpEvent, HttpMiddleware, HttpRequest } from './types.ts';

export interface RateLimitOptions {
  scope: string;
  rule: RateRule;
  limiter: () => Promise<RateLimiter>;
  /** Whom to count; the source IP by default. */
  subject?: (event: HttpEvent) => string;
}

const sourceIp = (event: HttpEvent) => event.requestContext?.http?.sourceIp ?? 'unknown';

/** Takes one attempt from the caller's window before anything else runs; 429 with Retry-After once it is used up. */
export const rateLimit = ({ scope, rule, limiter, subject = sourceIp }: RateLimitOptions): HttpMiddleware => ({
  before: async (request: HttpRequest) => {
    await (await limiter()).consume(scope, subject(request.event), rule);
  },
});
