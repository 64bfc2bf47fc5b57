import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import {
  boundLambdaFunctionPool,
  fixDeadlineReader,
  fixDeadlineSender,
  fixHandlerRunner,
  HANDLER_RUNNER_PATH,
  IN_PROCESS_RUNNER_PATH,
  LAMBDA_FUNCTION_PATH,
  LAMBDA_FUNCTION_POOL_PATH,
} from './offline-fixes.ts';

type Fix = [path: string, fix: (source: string) => string, note?: string];

// Passed to `serverless offline` with --import (scripts/local/offline.ts). Worker threads inherit the flag: the
// functions run there, and only the runner that reads the deadline is fixed there (silently: one line per worker
// would flood the log); the main thread fixes offline's own modules.
const mainThreadFixes: Fix[] = [
  [HANDLER_RUNNER_PATH, fixHandlerRunner, 'worker-thread timeout fix applied'],
  [
    LAMBDA_FUNCTION_POOL_PATH,
    (source) => boundLambdaFunctionPool(source, new URL('./offline-concurrency.ts', import.meta.url).href),
    'concurrency per function bounded (LOCAL_FUNCTION_CONCURRENCY, reservedConcurrency)',
  ],
  [LAMBDA_FUNCTION_PATH, fixDeadlineSender, "getRemainingTimeInMillis counts down to offline's own timeout"],
  [IN_PROCESS_RUNNER_PATH, fixDeadlineReader],
];
const workerThreadFixes: Fix[] = [[IN_PROCESS_RUNNER_PATH, fixDeadlineReader]];
const fixes = isMainThread ? mainThreadFixes : workerThreadFixes;

registerHooks({
  load(url, context, nextLoad) {
    const loaded = nextLoad(url, context);
    const fix = fixes.find(([path]) => url.endsWith(path));
    if (!fix || loaded.source === undefined) return loaded;
    const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
    if (fix[2]) process.stderr.write(`serverless-offline: ${fix[2]} (scripts/local/offline-fixes.ts)\n`);
    return { ...loaded, source: fix[1](source) };
  },
});
