import { afterEach, describe, expect, it, vi } from 'vitest';

// serverless offline runs handlers in worker threads; the unit tests run in the main thread.
vi.mock('node:worker_threads', () => ({ isMainThread: false }));

describe('remainingMs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });
  const context = (remaining: number) => ({ getRemainingTimeInMillis: () => remaining });

  it('offline, counts the cold start import against the first invocation only, as the offline timer does', async () => {
    vi.stubEnv('IS_OFFLINE', 'true');
    // The worker thread started 20 s into the process (performance.now() counts from the process's start).
    vi.spyOn(performance, 'now').mockReturnValue(27_000);
    vi.spyOn(performance, 'nodeTiming', 'get').mockReturnValue({ environment: 20_000 } as typeof performance.nodeTiming);
    const { remainingMs } = await import('./deadline.ts');

    expect(remainingMs(context(10_000))).toBe(3_000);
    expect(remainingMs(context(10_000))).toBe(10_000);
  });

  it('in Lambda (init is not counted against the timeout), takes the remaining time as it is', async () => {
    vi.stubEnv('IS_OFFLINE', '');
    vi.spyOn(performance, 'now').mockReturnValue(7_000);
    const { remainingMs } = await import('./deadline.ts');

    expect(remainingMs(context(10_000))).toBe(10_000);
  });
});
