import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnManaged, type ManagedChild } from './child.ts';
import { sleep, type Log } from './log.ts';
import { serverlessBin } from './serverless-config.ts';

export interface OfflineOptions {
  stage: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  httpPort: number;
  log: Log;
  onUnexpectedExit?: (reason: string) => void;
  readyTimeoutMs?: number;
}

export interface Offline {
  stop(): Promise<void>;
}

/**
 * Runs `serverless offline start` in its own process group and waits for the HTTP API.
 * Stale `.esbuild/` output can shadow a fresh build, so it goes first. offline-preload.ts mends a timeout bug of
 * serverless offline's (see offline-fixes.ts).
 */
export const startServerlessOffline = async (options: OfflineOptions): Promise<Offline> => {
  rmSync(join(options.cwd, options.env.ESBUILD_WORK_FOLDER || '.esbuild'), { recursive: true, force: true });
  const fixes = join(import.meta.dirname, 'offline-preload.ts');
  const child = spawnManaged(process.execPath, ['--import', fixes, serverlessBin(), 'offline', 'start', '--stage', options.stage], {
    cwd: options.cwd,
    env: options.env,
    log: options.log,
    onUnexpectedExit: options.onUnexpectedExit,
  });
  try {
    await waitForHttp(`http://127.0.0.1:${options.httpPort}/health`, child, options.readyTimeoutMs ?? readyTimeoutFromEnv(), options.log);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { stop: () => child.stop() };
};

/** 240 s, or OFFLINE_READY_TIMEOUT_SECONDS: a machine short of memory can take longer to build and load every bundle. */
const readyTimeoutFromEnv = (): number => {
  const seconds = Number(process.env.OFFLINE_READY_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 240_000;
};

/** Any HTTP answer means the server is up; a non-2xx health answer is reported, not fatal. */
const waitForHttp = async (url: string, child: ManagedChild, timeoutMs: number, log: Log): Promise<void> => {
  let exitReason: string | undefined;
  void child.exited.then((reason) => {
    exitReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitReason) throw new Error(`serverless offline stopped while starting (${exitReason}); see its output above`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (!response.ok) log(`GET ${url} answered ${response.status}; serverless offline is up, the health function is not healthy`);
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(`serverless offline did not answer on ${url} within ${timeoutMs / 1000} s`);
};
