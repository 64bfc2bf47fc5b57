/**
 * Fixes applied to serverless-offline 13 as its modules load (nothing in node_modules is edited).
 *
 * 1. HandlerRunner.js (below): a worker that timed out once is dropped, not reused.
 * 2. LambdaFunctionPool.js: its class is wrapped by boundedLambdaFunctionPool (offline-concurrency.ts), so each
 *    function runs at most its reserved concurrency (default LOCAL_FUNCTION_CONCURRENCY=5) at once.
 * 3. LambdaFunction.js and InProcessRunner.js (`fixDeadlineSender`, `fixDeadlineReader` below): the handler's
 *    `getRemainingTimeInMillis` counts down to the instant offline's own timeout fires, and, as on Lambda, a cold
 *    start's import is not part of the invocation's time.
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
/**
 * The context field that carries the init signal between the threads: an Int32Array on a SharedArrayBuffer (shared,
 * not copied, by postMessage). Slot 0 is the state: 0 not picked up yet, 1 importing the bundle (a cold start), 2
 * imported, 3 picked up warm. Slot 1, once the state is 2, is how many ms the deadline moves: the import's end minus
 * the invocation's start.
 */
export const OFFLINE_INIT_FIELD = 'orderlyOfflineInit';
const CONTEXT_CREATED = 'const context = this.#lambdaContext.create()';
const CONTEXT_WITH_DEADLINE =
  `const context = { ...this.#lambdaContext.create(), ${OFFLINE_DEADLINE_FIELD}: Date.now() + this.#timeout, ` +
  `${OFFLINE_INIT_FIELD}: new Int32Array(new SharedArrayBuffer(8)) }`;
const TIMEOUT_RACED = '[this.#timeoutAndTerminate()]';
const TIMEOUT_RACED_WITH_CONTEXT = '[this.#timeoutAndTerminate(context)]';
const TIMEOUT_STARTED = 'async #timeoutAndTerminate() {\n    await setTimeout(this.#timeout)\n';
const TIMEOUT_AFTER_INIT = [
  'async #timeoutAndTerminate(context) {',
  '    await setTimeout(this.#timeout)',
  `    const init = context?.${OFFLINE_INIT_FIELD}`,
  '    const initUntil = Date.now() + 10_000',
  '    while (init && Atomics.load(init, 0) < 2 && Date.now() < initUntil) {',
  '      await Atomics.waitAsync(init, 0, Atomics.load(init, 0), initUntil - Date.now()).value',
  '    }',
  '    if (init && Atomics.load(init, 0) === 2) {',
  `      const wait = context.${OFFLINE_DEADLINE_FIELD} + Atomics.load(init, 1) - Date.now()`,
  '      if (wait > 0) await setTimeout(wait)',
  '    }',
  '',
].join('\n');

/**
 * Fix 3, the main thread's half (LambdaFunction.js): the invocation's clock, as Lambda keeps it.
 * - Every context carries the instant offline's timeout fires. Offline starts that timer in the main thread before it
 *   posts the invocation to the worker thread, while the worker's `getRemainingTimeInMillis` started counting only
 *   when the worker got to it; on a starved machine that gap was seconds, so a spine's deadline guard fired too late
 *   and offline killed a risk batch that believed it had 2 s left.
 * - A cold start's import does not count: Lambda runs a function's init (the bundle's import) before the invocation
 *   and starts the timeout after it, while offline timed the import too, and on a starved machine killed a 3 s
 *   function (GET /health) still importing its bundle. The timer now waits, at most Lambda's 10 s init limit, for the
 *   worker to say it has picked the invocation up, and a cold start's deadline moves by the import's duration.
 */
export const fixDeadlineSender = (source: string): string =>
  [
    [CONTEXT_CREATED, CONTEXT_WITH_DEADLINE, 'check how the context is created'],
    [TIMEOUT_RACED, TIMEOUT_RACED_WITH_CONTEXT, 'check how the timeout is raced'],
    [TIMEOUT_STARTED, TIMEOUT_AFTER_INIT, 'check how the timeout is started'],
  ].reduce((fixed, [from, to, hint]) => replaceOnce(fixed, from!, to!, 'LambdaFunction.js', hint!), source);

const HANDLER_LOADED = 'const handler = await load(';
const HANDLER_LOADED_SIGNALLED = [
  `const orderlyInit = context?.${OFFLINE_INIT_FIELD}`,
  '    const orderlyCold = orderlyInit !== undefined && !this.orderlyLoaded',
  '    if (orderlyInit) {',
  '      Atomics.store(orderlyInit, 0, orderlyCold ? 1 : 3)',
  '      Atomics.notify(orderlyInit, 0)',
  '    }',
  '    const handler = await load(',
].join('\n');
const BEFORE_CALLBACK = 'let callback\n';
const AFTER_LOAD_DEADLINE = [
  `const orderlyDeadline = orderlyCold ? Date.now() + this.#timeout : context?.${OFFLINE_DEADLINE_FIELD}`,
  '    if (orderlyCold) {',
  `      Atomics.store(orderlyInit, 1, orderlyDeadline - context.${OFFLINE_DEADLINE_FIELD})`,
  '      Atomics.store(orderlyInit, 0, 2)',
  '      Atomics.notify(orderlyInit, 0)',
  '    }',
  '    this.orderlyLoaded = true',
  '',
  '    let callback',
  '',
].join('\n');
const RUNNER_CLOCK = 'const executionTimeout = performance.now() + this.#timeout';
const RUNNER_CLOCK_FROM_DEADLINE =
  "const executionTimeout = performance.now() + (typeof orderlyDeadline === 'number' ? orderlyDeadline - Date.now() : this.#timeout)";

/**
 * Fix 3, the function thread's half (InProcessRunner.js): it tells the main thread when it picks an invocation up and,
 * on a cold start, when the import is done; `getRemainingTimeInMillis` counts down to the same deadline as the main
 * thread's timer (moved by the import on a cold start).
 */
export const fixDeadlineReader = (source: string): string =>
  [
    [HANDLER_LOADED, HANDLER_LOADED_SIGNALLED, 'check how the handler is loaded'],
    [BEFORE_CALLBACK, AFTER_LOAD_DEADLINE, 'check what follows the load'],
    [RUNNER_CLOCK, RUNNER_CLOCK_FROM_DEADLINE, 'check getRemainingTimeInMillis'],
  ].reduce((fixed, [from, to, hint]) => replaceOnce(fixed, from!, to!, 'InProcessRunner.js', hint!), source);
