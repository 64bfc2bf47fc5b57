import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { boundLambdaFunctionPool, fixHandlerRunner, HANDLER_RUNNER_PATH, LAMBDA_FUNCTION_POOL_PATH } from './offline-fixes.ts';

// Passed to `serverless offline` with --import (scripts/local/offline.ts). Worker threads inherit the flag: the
// functions themselves run there and need nothing, so only the main thread registers the hook.
const fixes: [path: string, fix: (source: string) => string, note: string][] = [
  [HANDLER_RUNNER_PATH, fixHandlerRunner, 'worker-thread timeout fix applied'],
  [
    LAMBDA_FUNCTION_POOL_PATH,
    (source) => boundLambdaFunctionPool(source, new URL('./offline-concurrency.ts', import.meta.url).href),
    'concurrency per function bounded (LOCAL_FUNCTION_CONCURRENCY, reservedConcurrency)',
  ],
];

if (isMainThread) {
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      const fix = fixes.find(([path]) => url.endsWith(path));
      if (!fix || loaded.source === undefined) return loaded;
      const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
      process.stderr.write(`serverless-offline: ${fix[2]} (scripts/local/offline-fixes.ts)\n`);
      return { ...loaded, source: fix[1](source) };
    },
  });
}
