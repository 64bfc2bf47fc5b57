import { describe, expect, it } from 'vitest';
import type { HealthCheck } from '#shared/domain/ops/ports.ts';
import { healthDeep } from './health-deep.ts';

const passing = (name: string, delayMs = 0): HealthCheck => ({ name, run: () => new Promise((resolve) => setTimeout(resolve, delayMs)) });
const failing = (name: string): HealthCheck => ({
  name,
  run: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'TimeoutError' });
  },
});
const hanging = (name: string): HealthCheck => ({
  name,
  run: (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
});

describe('healthDeep', () => {
  it('is ok when every check passes', async () => {
    const report = await healthDeep({ checks: [passing('dynamodb'), passing('sqs')], timeoutMs: 100 });

    expect(report.status).toBe('ok');
    expect(report.checks.dynamodb).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
  });

  it('names the failing check and keeps its error message out of the report', async () => {
    const report = await healthDeep({ checks: [passing('dynamodb'), failing('sqs')], timeoutMs: 100 });

    expect(report.status).toBe('fail');
    expect(report.checks.sqs).toMatchObject({ status: 'fail', error: 'TimeoutError' });
    expect(JSON.stringify(report)).not.toContain('127.0.0.1');
  });

  it('bounds a hanging check by its timeout and aborts it', async () => {
    const started = performance.now();

    const report = await healthDeep({ checks: [hanging('dynamodb'), passing('sqs')], timeoutMs: 50 });

    expect(report.checks.dynamodb).toMatchObject({ status: 'fail', error: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('runs the checks concurrently', async () => {
    const report = await healthDeep({ checks: [passing('a', 60), passing('b', 60), passing('c', 60)], timeoutMs: 1_000, now: Date.now });

    const slowest = Math.max(...Object.values(report.checks).map((check) => check.latencyMs));
    expect(slowest).toBeLessThan(170);
  });
});
