import type { Context } from 'aws-lambda';

/** The Lambda context as our middlewares leave it for handlers. */
export interface OrderlyContext extends Context {
  correlationId: string;
}

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The caller's id when it is well-formed, otherwise a fresh one. */
export const pickCorrelationId = (candidate: unknown, generate: () => string): string =>
  typeof candidate === 'string' && CORRELATION_ID.test(candidate) ? candidate : generate();
