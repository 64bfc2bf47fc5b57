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
  /** Cold starts: running now, the most at once, and in all. */
  readonly cold = { now: 0, peak: 0, total: 0 };
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
    const fresh: Instance = new Instance(this.cold, (): Promise<unknown> => this.run(functionKey, fresh.event));
    instances.push(fresh);
    this.created.push(functionKey);
    return fresh;
  }
}

/** Like offline's: the first run starts a worker (slower); a run that times out loses it. */
class Instance {
  status: 'IDLE' | 'BUSY' = 'IDLE';
  event: unknown;
  #worker = false;
  readonly cold: OfflinePool['cold'];
  readonly run: () => Promise<unknown>;
  constructor(cold: OfflinePool['cold'], run: () => Promise<unknown>) {
    this.cold = cold;
    this.run = run;
  }
  setEvent(event: unknown) {
    this.event = event;
  }
  setClientContext() {}
  async runHandler() {
    this.status = 'BUSY';
    try {
      if (!this.#worker) {
        this.cold.now += 1;
        this.cold.total += 1;
        this.cold.peak = Math.max(this.cold.peak, this.cold.now);
        await tick();
        await tick();
        this.cold.now -= 1;
        this.#worker = true;
      }
      if ((this.event as { timesOut?: boolean }).timesOut) {
        this.#worker = false;
        throw new Error('[504] - Lambda timeout.');
      }
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
    for (let step = 0; step < 5; step += 1) await tick();
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
  it('runs at most the limit of one function at once, on that many instances, each event once', async () => {
    const { results, peak, created, started } = await burst({ LOCAL_FUNCTION_CONCURRENCY: '3' }, { disconnect: {} }, 40);
    expect(peak.get('disconnect')).toBe(3);
    expect(created).toEqual(['disconnect', 'disconnect', 'disconnect']);
    expect(started.map((event) => (event as { index: number }).index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, index) => index),
    );
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

  it('starts one cold instance of a function at a time, and counts an instance whose run timed out as cold again', async () => {
    const pool = new (boundedLambdaFunctionPool(OfflinePool, { LOCAL_FUNCTION_CONCURRENCY: '4' }))(async () => {
      await tick();
      return 'done';
    });
    const invoke = (event: { timesOut?: boolean }) => {
      const lambdaFunction = pool.get('disconnect', {});
      lambdaFunction.setEvent(event);
      return lambdaFunction.runHandler().catch((error: Error) => error.message);
    };
    const first = await Promise.all(Array.from({ length: 30 }, () => invoke({})));
    expect(first.every((result) => result === 'done')).toBe(true);
    expect(pool.cold).toEqual({ now: 0, peak: 1, total: pool.created.length });
    expect(pool.created.length).toBeLessThanOrEqual(4);
    const before = pool.cold.total;
    expect(await invoke({ timesOut: true })).toBe('[504] - Lambda timeout.');
    expect(await Promise.all(Array.from({ length: 10 }, () => invoke({})))).toEqual(Array(10).fill('done'));
    expect(pool.cold.total).toBe(before + 1);
    expect(pool.cold.peak).toBe(1);
  });
});
