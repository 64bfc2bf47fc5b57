import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { fixHandlerRunner, HANDLER_RUNNER_PATH } from './offline-fixes.ts';

// Passed to `serverless offline` with --import (scripts/local/offline.ts). Worker threads inherit the flag: the
// functions themselves run there and need nothing, so only the main thread registers the hook.
if (isMainThread) {
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (!url.endsWith(HANDLER_RUNNER_PATH) || loaded.source === undefined) return loaded;
      const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
      process.stderr.write('serverless-offline: worker-thread timeout fix applied (scripts/local/offline-fixes.ts)\n');
      return { ...loaded, source: fixHandlerRunner(source) };
    },
  });
}
