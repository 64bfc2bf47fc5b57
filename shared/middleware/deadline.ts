import type { Context } from 'aws-lambda';

/**
 * Time kept free before the function's timeout to send the early answer: 15 % of the time the request has, at least
 * 500 ms and at most 2 s (a 10 s function answers early at 8.5 s, a 3 s one at 2.5 s). A fixed 500 ms was too thin on a
 * starved machine: a POST /orders whose event loop was held 650 ms by CPU contention reached the runtime's kill
 * before its early answer.
 */
export const deadlineMarginMs = (remainingMs: number): number => Math.min(2_000, Math.max(500, Math.round(remainingMs * 0.15)));

const ABANDONED = new WeakSet<object>();

/**
 * True once `withDeadline` has answered early for the request run under this context. That request's late end must
 * write nothing (no request line, no metrics, no key reset): on Lambda it runs when the next invocation thaws the
 * environment, and would flush its metrics into that invocation's and wipe its log keys.
 */
export const isAbandoned = (context: object | undefined): boolean => context !== undefined && ABANDONED.has(context);

/**
 * Races the whole request (every middleware and the use case) against the function's timeout: `marginMs` before it,
 * the caller gets `early(event, context)` instead (the HTTP spine's 503 problem+json with Retry-After) rather than the
 * runtime's timeout, which API Gateway answers with a bare 503/504 and serverless offline with `[504] Lambda
 * timeout` (a 500 through the local gateway proxy). middy's own `timeoutEarlyInMillis` covers the handler only, not
 * the before middlewares (token verification, rate limits, body parsing), so the spine uses this instead. The
 * abandoned request keeps running until the runtime freezes or ends it; the answer has been given.
 * One promise and one timer per request, no `Promise.race`: this runs on every warm call (bench: middleware).
 */
export const withDeadline = <E, R, C extends Pick<Context, 'getRemainingTimeInMillis'>>(
  handler: (event: E, context: C) => Promise<R>,
  early: (event: E, context: C) => Promise<R>,
  marginMs: (remainingMs: number) => number = deadlineMarginMs,
) => {
  const guarded = (event: E, context: C): Promise<R> => {
    if (typeof context?.getRemainingTimeInMillis !== 'function') return handler(event, context);
    const remainingMs = context.getRemainingTimeInMillis();
    const withinMs = Math.max(0, remainingMs - marginMs(remainingMs));
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const answered = handler(event, context);
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        // The early answer runs under a context of its own (the same fields, inherited), so that only the abandoned
        // request's context is marked.
        ABANDONED.add(context);
        early(event, Object.create(context) as C).then(resolve, reject);
      }, withinMs);
      const settle = (finish: () => void) => {
        if (settled) return; // answered early already: the late result or error is dropped
        settled = true;
        clearTimeout(timer);
        finish();
      };
      answered.then(
        (result) => settle(() => resolve(result)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  };
  return guarded;
};
