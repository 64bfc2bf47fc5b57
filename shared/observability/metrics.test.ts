import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { InvokeStore } from '@aws/lambda-invoke-store';
import { OrderlyMetrics, type MetricEntry } from './metrics.ts';

// `publishWith` against Powertools itself: a plain `Metrics` with the same settings, fed `addDimension`, `addMetric` per
// entry and `publishStoredMetrics`, must write the same text to the same stream, call after call (the first call of a
// shape goes through Powertools, the next ones reuse its text). The clock is fixed, so the timestamps agree.
let stdout: string[] = [];
let stderr: string[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-02T10:00:00.000Z'));
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'OrderlyTest');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'orderly');
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const request = (status: number, latency: number): MetricEntry[] => [
  ['Requests', MetricUnit.Count, 1],
  [`Status${Math.floor(status / 100)}xx`, MetricUnit.Count, 1],
  ['LatencyMs', MetricUnit.Milliseconds, latency],
];

interface Call {
  /** What the use case stored before the request's flush. */
  pending?: (metrics: Metrics) => void;
  dimension?: string;
  value: string;
  entries: MetricEntry[];
}

/** Each call made on both, Powertools first; returns what each wrote (stdout and stderr) per call. */
const both = (calls: Call[], setup: (metrics: Metrics) => void = () => {}) => {
  const reference = new Metrics();
  const ours = new OrderlyMetrics();
  setup(reference);
  setup(ours);
  const written = (run: () => void) => {
    const [out, err] = [stdout.length, stderr.length];
    run();
    return { stdout: stdout.slice(out), stderr: stderr.slice(err) };
  };
  return calls.map(({ pending, dimension = 'route', value, entries }) => ({
    powertools: written(() => {
      pending?.(reference);
      reference.addDimension(dimension, value);
      for (const [name, unit, metricValue] of entries) reference.addMetric(name, unit, metricValue);
      reference.publishStoredMetrics();
    }),
    ours: written(() => {
      pending?.(ours);
      ours.publishWith(dimension, value, entries);
    }),
  }));
};

const expectSame = (results: ReturnType<typeof both>) => {
  for (const { powertools, ours } of results) expect(ours).toEqual(powertools);
};

describe('OrderlyMetrics.publishWith', () => {
  it('writes what Powertools writes, for each route and status class, warm as on its first flush', () => {
    const latencies = [0.42, 12, 0.1 + 0.2, 1234.56, 5e-7, 0];
    const calls: Call[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, latency] of latencies.entries()) {
        calls.push({ value: 'POST /orders', entries: request([201, 400, 503][i % 3] as number, latency) });
        calls.push({ value: 'GET /orders/{orderId}', entries: request(200, latency) });
      }
    }

    const results = both(calls);

    expectSame(results);
    expect(results[0]?.ours.stdout).toEqual([
      '{"_aws":{"Timestamp":1796205600000,"CloudWatchMetrics":[{"Namespace":"OrderlyTest","Dimensions":[["service","route"]],' +
        '"Metrics":[{"Name":"Requests","Unit":"Count"},{"Name":"Status2xx","Unit":"Count"},{"Name":"LatencyMs","Unit":"Milliseconds"}]}]},' +
        '"service":"orderly","route":"POST /orders","Requests":1,"Status2xx":1,"LatencyMs":0.42}\n',
    ]);
    expect(stderr).toEqual([]);
  });

  it('stamps each blob with the time of its flush', () => {
    const ours = new OrderlyMetrics();
    ours.publishWith('route', 'GET /', request(200, 1));
    vi.setSystemTime(new Date('2026-12-02T10:00:05.000Z'));
    ours.publishWith('route', 'GET /', request(200, 2));

    expect(stdout.map((line) => (JSON.parse(line) as { _aws: { Timestamp: number } })._aws.Timestamp)).toEqual([
      1796205600000, 1796205605000,
    ]);
  });

  it("puts a use case's pending metrics, dimensions, metadata and timestamp in the same blob, as Powertools does", () => {
    const shape = { value: 'POST /orders', entries: request(201, 3.5) };
    expectSame(
      both([
        shape,
        { ...shape, pending: (metrics) => metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1) },
        shape,
        { ...shape, pending: (metrics) => metrics.addDimension('tenant', 'tenant-1') },
        shape,
        { ...shape, pending: (metrics) => metrics.addDimensions({ region: 'eu' }) },
        shape,
        { ...shape, pending: (metrics) => metrics.addMetadata('orderId', 'order-1') },
        shape,
        { ...shape, pending: (metrics) => metrics.setTimestamp(Date.parse('2026-12-02T09:00:00.000Z')) },
        shape,
        { ...shape, pending: (metrics) => metrics.addMetric('Requests', MetricUnit.Count, 1) },
        shape,
      ]),
    );
  });

  it('follows a change of default dimensions', () => {
    const shape = { value: 'GET /', entries: request(200, 1) };
    const results = both([
      shape,
      { ...shape, pending: (metrics) => metrics.setDefaultDimensions({ stage: 'prod' }) },
      shape,
      { ...shape, pending: (metrics) => metrics.clearDefaultDimensions() },
      shape,
    ]);

    expectSame(results);
    expect(results.map(({ ours }) => Object.keys(JSON.parse(ours.stdout[0] ?? '{}') as object).slice(1, 4))).toEqual([
      ['service', 'route', 'Requests'],
      ['service', 'stage', 'route'],
      ['service', 'stage', 'route'],
      ['route', 'Requests', 'Status2xx'],
      ['route', 'Requests', 'Status2xx'],
    ]);
  });

  it('repeats every warning Powertools gives, flush after flush (a shape that warned is not reused)', () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined);
    const results = both([
      { value: 'GET /', entries: request(200, 1) },
      { value: 'GET /', entries: request(200, 2) },
      { value: ' ', entries: request(200, 1) },
      { value: ' ', entries: request(200, 2) },
    ]);

    expectSame(results);
    expect(results.map(({ ours }) => ours.stderr.length)).toEqual([1, 1, 2, 2]); // namespace; and the empty dimension value
  });

  it('is Powertools for a value JSON cannot write (NaN), and for more shapes than it keeps', () => {
    const calls: Call[] = [
      { value: 'GET /', entries: request(200, 1) },
      { value: 'GET /', entries: request(200, Number.NaN) },
    ];
    for (let i = 0; i < 70; i++)
      calls.push({ value: `GET /${i}`, entries: request(200, i) }, { value: `GET /${i}`, entries: request(200, i + 0.5) });

    expectSame(both(calls));
  });

  it("keeps each concurrent invocation's metrics in its own blob on Lambda Managed Instances", async () => {
    vi.stubEnv('AWS_LAMBDA_MAX_CONCURRENCY', '4');
    const store = await InvokeStore.getInstanceAsync(true);
    // Powertools reads and writes its stores inside an invocation's context there, from the constructor on.
    const ours = store.run({}, () => new OrderlyMetrics());
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const invocation = (name: string, work: () => Promise<void>) =>
      store.run({}, async () => {
        await work();
        ours.publishWith('route', `POST /${name}`, request(201, 1));
      });

    await invocation('slow', async () => {}); // each shape flushed once already
    await invocation('quick', async () => {});
    stdout.splice(0);
    const slow = invocation('slow', async () => {
      ours.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      await released;
    });
    await invocation('quick', async () => {});
    release();
    await slow;

    const blobs = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(blobs.map(({ route, OrdersPlaced }) => ({ route, OrdersPlaced }))).toEqual([
      { route: 'POST /quick', OrdersPlaced: undefined },
      { route: 'POST /slow', OrdersPlaced: 1 },
    ]);
  });

  it('writes nothing when metrics are disabled', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const results = both([
      { value: 'GET /', entries: request(200, 1) },
      { value: 'GET /', entries: request(200, 2) },
    ]);

    expectSame(results);
    expect(stdout).toEqual([]);
  });

  it('writes through the global console under POWERTOOLS_DEV, as Powertools does', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void stdout.push(`${String(line)}\n`));

    expectSame(
      both([
        { value: 'GET /', entries: request(200, 1) },
        { value: 'GET /', entries: request(200, 2) },
      ]),
    );
    expect(log).toHaveBeenCalledTimes(4);
  });
});
