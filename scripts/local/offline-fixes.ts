/**
 * Fixes applied to serverless-offline 13 as its modules load (nothing in node_modules is edited).
 *
 * 1. HandlerRunner.js (below): a worker that timed out once is dropped, not reused.
 * 2. LambdaFunctionPool.js: its class is wrapped by boundedLambdaFunctionPool (offline-concurrency.ts), so each
 *    function runs at most its reserved concurrency (default LOCAL_FUNCTION_CONCURRENCY=5) at once.
 * 3. LambdaFunction.js and InProcessRunner.js (`fixDeadlineSender`, `fixDeadlineReader` below): the handler's
 *    `getRemainingTimeInMillis` counts down to the instant offline's own timeout fires.
 *
 * A worker-thread function that runs past its timeout once stays broken: LambdaFunction terminates its worker but
 * HandlerRunner keeps the dead runner, the instance goes back to the pool as IDLE, and every later invocation that
 * lands on it posts to a terminated worker and answers `[504] - Lambda timeout.` after the full timeout. Under load
 * one cold start over the timeout turned into a stack that timed out most requests (dherault/serverless-offline
 * #1896, fixed upstream in 14.x only, which needs Serverless Framework v4). The fix is upstream's: cleanup drops the
 * runner, so the next invocation starts a fresh worker, as Lambda starts a fresh execution environment.
 */
export const HANDLER_RUNNER_PATH = '/serverless-offline/src/lambda/handler-runner/HandlerRunner.js';

const BROKEN_CLEANUP = 'return this.#runner.cleanup()';
const FIXED_CLEANUP = 'const runner = this.#runner; this.#runner = null; return runner?.cleanup()';

export class OfflineFixNotApplicableError extends Error {
  override readonly name = 'OfflineFixNotApplicableError';
}

/** `source` with its one `from` replaced by `to`; unchanged when already fixed; throws when `from` is not there once. */
const replaceOnce = (source: string, from: string, to: string, file: string, hint: string): string => {
  if (source.includes(to)) return source;
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + 1) >= 0) {
    throw new OfflineFixNotApplicableError(`${file} has no single "${from}": ${hint} (scripts/local/offline-fixes.ts)`);
  }
  return source.replace(from, to);
};

/** HandlerRunner.js with the fix; throws when the text it fixes is not there (a new version: check #1896 again). */
export const fixHandlerRunner = (source: string): string =>
  replaceOnce(source, BROKEN_CLEANUP, FIXED_CLEANUP, 'HandlerRunner.js', 'check #1896 again');

export const LAMBDA_FUNCTION_POOL_PATH = '/serverless-offline/src/lambda/LambdaFunctionPool.js';

const POOL_EXPORT = 'export default class LambdaFunctionPool {';
const BOUNDED_MARK = '// bounded by scripts/local/offline-concurrency.ts';

/**
 * LambdaFunctionPool.js whose default export is the bounded pool: the class loses its `export default`, and the
 * module exports `boundedLambdaFunctionPool(LambdaFunctionPool)` imported from `boundedModuleUrl`. Throws when the
 * class is not exported as expected (a new version: check whether it still needs the bound).
 */
export const boundLambdaFunctionPool = (source: string, boundedModuleUrl: string): string => {
  if (source.includes(BOUNDED_MARK)) return source;
  const at = source.indexOf(POOL_EXPORT);
  if (at < 0 || source.indexOf(POOL_EXPORT, at + 1) >= 0) {
    throw new OfflineFixNotApplicableError(`LambdaFunctionPool.js has no single "${POOL_EXPORT}": see scripts/local/offline-fixes.ts`);
  }
  return [
    source.replace(POOL_EXPORT, 'class LambdaFunctionPool {'),
    BOUNDED_MARK,
    `import { boundedLambdaFunctionPool } from ${JSON.stringify(boundedModuleUrl)};`,
    'export default boundedLambdaFunctionPool(LambdaFunctionPool);',
    '',
  ].join('\n');
};

export const LAMBDA_FUNCTION_PATH = '/serverless-offline/src/lambda/LambdaFunction.js';
export const IN_PROCESS_RUNNER_PATH = '/serverless-offline/src/lambda/handler-runner/in-process-runner/InProcessRunner.js';

/** The context field that carries offline's deadline (epoch ms) from the main thread to the function's thread. */
export const OFFLINE_DEADLINE_FIELD = 'orderlyOfflineDeadline';
const CONTEXT_CREATED = 'const context = this.#lambdaContext.create()';
const CONTEXT_WITH_DEADLINE = `const context = { ...this.#lambdaContext.create(), ${OFFLINE_DEADLINE_FIELD}: Date.now() + this.#timeout }`;
const RUNNER_CLOCK = 'const executionTimeout = performance.now() + this.#timeout';
const RUNNER_CLOCK_FROM_DEADLINE =
  `const executionTimeout = performance.now() + (typeof context?.${OFFLINE_DEADLINE_FIELD} === 'number' ` +
  `? context.${OFFLINE_DEADLINE_FIELD} - Date.now() : this.#timeout)`;

/**
 * Fix 3, the sending half (main thread, LambdaFunction.js): every invocation's context carries the instant offline's
 * timeout will fire. Offline starts that timer in the main thread before it posts the invocation to the worker
 * thread, while the worker's `getRemainingTimeInMillis` started counting only when the worker got to it: after
 * importing the bundle on a cold start, and after whatever the worker was still busy with (work an earlier invocation
 * abandoned at its deadline guard). On a starved machine that gap was seconds, so a spine's deadline guard fired too
 * late and offline killed a risk batch that believed it had 2 s left. Lambda's own `getRemainingTimeInMillis` counts
 * from the invocation's start, as this does.
 */
export const fixDeadlineSender = (source: string): string =>
  replaceOnce(source, CONTEXT_CREATED, CONTEXT_WITH_DEADLINE, 'LambdaFunction.js', 'check how the context is created');

/** Fix 3, the reading half (worker thread, InProcessRunner.js): `getRemainingTimeInMillis` counts down to that instant. */
export const fixDeadlineReader = (source: string): string =>
  replaceOnce(source, RUNNER_CLOCK, RUNNER_CLOCK_FROM_DEADLINE, 'InProcessRunner.js', 'check getRemainingTimeInMillis');
