/**
 * Fixes applied to serverless-offline 13 as its modules load (nothing in node_modules is edited).
 *
 * 1. HandlerRunner.js (below): a worker that timed out once is dropped, not reused.
 * 2. LambdaFunctionPool.js: its class is wrapped by boundedLambdaFunctionPool (offline-concurrency.ts), so each
 *    function runs at most its reserved concurrency (default LOCAL_FUNCTION_CONCURRENCY=5) at once.
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

/** HandlerRunner.js with the fix; throws when the text it fixes is not there (a new version: check #1896 again). */
export const fixHandlerRunner = (source: string): string => {
  if (source.includes(FIXED_CLEANUP)) return source;
  const at = source.indexOf(BROKEN_CLEANUP);
  if (at < 0 || source.indexOf(BROKEN_CLEANUP, at + 1) >= 0) {
    throw new OfflineFixNotApplicableError(`HandlerRunner.js has no single "${BROKEN_CLEANUP}": see scripts/local/offline-fixes.ts`);
  }
  return source.replace(BROKEN_CLEANUP, FIXED_CLEANUP);
};

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
