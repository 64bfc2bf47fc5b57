import { describe, expect, it } from 'vitest';
import {
  boundedLambdaFunctionPool,
  concurrencyLimit,
  DEFAULT_LOCAL_FUNCTION_CONCURRENCY,
  LocalConcurrencyError,
  localConcurrencyFrom,
} from './offline-concurrency.ts';

type Run = (functionKey: string, event: unknown) => Promise<unknown>;

/** serverless offline's pool, as it behaves: an IDLE instance when there is one, else a new one; BUSY while it runs. */
class OfflinePool {
  readonly created: string[] = [];
  readonly #instances = new Map<string, Instance[]>();
  readonly run: Run;
  constructor(run: Run) {
    this.run = run;
  }

  get(functionKey: string): Instance {
    const instances = this.#instances.get(functionKey) ?? [];
    this.#instances.set(functionKey, instances);
    const idle = instances.find((instance) => instance.status === 'IDLE');
    if (idle) return idle;
    const fresh: Instance = new Instance((): Promise<unknown> => this.run(functionKey, fresh.event));
    instances.push(fresh);
    this.created.push(functionKey);
    return fresh;
  }
}

class Instance {
  status: 'IDLE' | 'BUSY' = 'IDLE';
  event: unknown;
  readonly run: () => Promise<unknown>;
  constructor(run: () => Promise<unknown>) {
    this.run = run;
  }
  setEvent(event: unknown) {
    this.event = event;
  }
  setClientContext() {}
  async runHandler() {
    this.status = 'BUSY';
    try {
      return await this.run();
    } finally {
      this.status = 'IDLE';
    }
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Runs `count` invocations of each key at once, as serverless offline's callers do (get, setEvent, runHandler). */
const burst = async (env: NodeJS.ProcessEnv, definitions: Record<string, { reservedConcurrency?: number }>, count: number) => {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const started: unknown[] = [];
  const pool = new (boundedLambdaFunctionPool(OfflinePool, env))(async (key, event) => {
    started.push(event);
    running.set(key, (running.get(key) ?? 0) + 1);
    peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
    await tick();
    running.set(key, running.get(key)! - 1);
    if ((event as { fail?: boolean }).fail) throw new Error(`failed ${JSON.stringify(event)}`);
    return event;
  });
  const calls = Object.entries(definitions).flatMap(([key, definition]) =>
    Array.from({ length: count }, (_, index) => {
      const event = { key, index, fail: index % 7 === 3 };
      const lambdaFunction = pool.get(key, definition);
      lambdaFunction.setEvent(event);
      return lambdaFunction.runHandler().then(
        (result) => ({ event, result }),
        (error: Error) => ({ event, result: error.message }),
      );
    }),
  );
  return { results: await Promise.all(calls), peak, created: pool.created, started };
};

describe('bounded concurrency per function offline', () => {
  it('runs at most the limit of one function at once, on that many instances, each event once and in arrival order', async () => {
    const { results, peak, created, started } = await burst({ LOCAL_FUNCTION_CONCURRENCY: '3' }, { disconnect: {} }, 40);
    expect(peak.get('disconnect')).toBe(3);
    expect(created).toEqual(['disconnect', 'disconnect', 'disconnect']);
    expect(started.map((event) => (event as { index: number }).index)).toEqual(Array.from({ length: 40 }, (_, index) => index));
    for (const { event, result } of results) expect(result).toEqual(event.fail ? `failed ${JSON.stringify(event)}` : event);
  });

  it('bounds each function by itself, and by its reservedConcurrency when that is lower', async () => {
    const { peak, created } = await burst({}, { connect: {}, sweep: { reservedConcurrency: 1 }, login: { reservedConcurrency: 10 } }, 20);
    expect(Object.fromEntries(peak)).toEqual({
      connect: DEFAULT_LOCAL_FUNCTION_CONCURRENCY,
      sweep: 1,
      login: DEFAULT_LOCAL_FUNCTION_CONCURRENCY,
    });
    expect(created.filter((key) => key === 'sweep')).toHaveLength(1);
  });

  it.each([
    [undefined, DEFAULT_LOCAL_FUNCTION_CONCURRENCY],
    ['', DEFAULT_LOCAL_FUNCTION_CONCURRENCY],
    ['1', 1],
    ['12', 12],
  ])('reads LOCAL_FUNCTION_CONCURRENCY=%j as %d', (value, expected) => {
    expect(localConcurrencyFrom({ LOCAL_FUNCTION_CONCURRENCY: value })).toBe(expected);
  });

  it.each(['0', '-2', '2.5', 'many'])('refuses LOCAL_FUNCTION_CONCURRENCY=%j', (value) => {
    expect(() => localConcurrencyFrom({ LOCAL_FUNCTION_CONCURRENCY: value })).toThrow(LocalConcurrencyError);
  });

  it.each([
    [{}, 5, 5],
    [{ reservedConcurrency: 1 }, 5, 1],
    [{ reservedConcurrency: 10 }, 5, 5],
    [{ reservedConcurrency: '${env:X}' }, 5, 5],
  ])('limits %j under a local cap of %d to %d', (definition, cap, expected) => {
    expect(concurrencyLimit(definition, cap)).toBe(expected);
  });
});
