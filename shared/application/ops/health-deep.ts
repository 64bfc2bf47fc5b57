import type { HealthCheck } from '#shared/domain/ops/ports.ts';

export interface CheckResult {
  status: 'ok' | 'fail';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'fail';
  checks: Record<string, CheckResult>;
}

export class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
}

const runOne = async (check: HealthCheck, timeoutMs: number, now: () => number): Promise<CheckResult> => {
  const started = now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CheckTimeoutError(`timed out after ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    await Promise.race([check.run(controller.signal), timeout]);
    return { status: 'ok', latencyMs: Math.round(now() - started) };
  } catch (error) {
    // Only the error's class name leaves the function: messages may carry hosts or ARNs.
    const reason = error instanceof CheckTimeoutError ? 'timeout' : error instanceof Error ? error.name : 'error';
    return { status: 'fail', latencyMs: Math.round(now() - started), error: reason };
  } finally {
    clearTimeout(timer);
  }
};

export interface HealthDeepDeps {
  checks: readonly HealthCheck[];
  /** Each check's own bound. */
  timeoutMs: number;
  /** Milliseconds, for latencies; `performance.now` by default. */
  now?: () => number;
}

/** Runs every check concurrently, each bounded by its own timeout; the report fails if any check fails. */
export const healthDeep = async ({ checks, timeoutMs, now = () => performance.now() }: HealthDeepDeps): Promise<HealthReport> => {
  const results = await Promise.all(checks.map((check) => runOne(check, timeoutMs, now)));
  const entries = checks.map((check, index) => [check.name, results[index]!] as const);
  return {
    status: results.every((result) => result.status === 'ok') ? 'ok' : 'fail',
    checks: Object.fromEntries(entries),
  };
};
