import type { Context } from 'aws-lambda';

/**
 * Test stage only, outside the middleware spine: importing this bundle takes 2.5 s (the thread sleeps, burning no CPU),
 * longer than the function's 2 s timeout. On Lambda the import is the function's init and the invocation's timeout
 * starts after it, so the suite proves that the local stack answers this cold start, with its full time left.
 */
const IMPORT_MS = 2_500;
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, IMPORT_MS);

export const handler = async (_event: unknown, context: Context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ importMs: IMPORT_MS, remainingMs: context.getRemainingTimeInMillis() }),
});
