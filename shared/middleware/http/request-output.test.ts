import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from '#shared/zod.ts';
import { fakeContext, httpEvent } from '../../../tests/support/lambda.ts';

// What a deployed function writes per request, byte for byte: Powertools as on Lambda (no POWERTOOLS_DEV, so compact JSON
// on stdout through its own consoles, metrics on), INFO level. Only the clock differs from run to run: the timestamps and
// the duration are replaced before comparing. Every case runs twice in a warm container, so a second, warm request must
// write exactly what the first one did (apart from cold_start and the ColdStart metric).
const NAMESPACE = 'OrderlyTest';

const loadSpine = async ({ metricsDisabled = 'false' } = {}) => {
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', metricsDisabled);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', NAMESPACE);
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand'); // as on Lambda: Powertools tells a cold start only there
  vi.resetModules();
  const { publicRoute } = await import('./route.ts');
  const { metrics } = await import('#shared/observability/index.ts');
  return { publicRoute, metrics };
};

let stdout: string[] = [];
let stderr: string[] = [];

beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The clock's values replaced: ISO timestamps, the EMF Timestamp, durationMs and LatencyMs. */
const normalise = (text: string) =>
  text
    .replace(/"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g, '"timestamp":"<iso>"')
    .replace(/"Timestamp":\d+/g, '"Timestamp":<ms>')
    .replace(/"durationMs":\d+(\.\d+)?/g, '"durationMs":<ms>')
    .replace(/"LatencyMs":\d+(\.\d+)?/g, '"LatencyMs":<ms>');

const functionFields =
  '"service":"orderly","cold_start":COLD,"function_arn":"arn:aws:lambda:eu-west-1:000000000000:function:orderly-test-fn",' +
  '"function_memory_size":"512","function_name":"orderly-test-fn","function_request_id":"c6af9ac6-7b61-11e6-9a41-93e812345678",' +
  '"sampling_rate":0';

const requestLine = (level: string, cold: boolean, correlationId: string, status: number) =>
  `{"level":"${level}","message":"request","timestamp":"<iso>",${functionFields.replace('COLD', String(cold))},` +
  `"correlationId":"${correlationId}","method":"POST","route":"POST /orders","status":${status},"durationMs":<ms>}\n`;

const requestBlob = (statusClass: string, extra: { name: string; unit: string; value: number }[] = []) =>
  `{"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":"${NAMESPACE}","Dimensions":[["service","route"]],"Metrics":[` +
  [...extra.map(({ name, unit }) => ({ name, unit })), { name: 'Requests', unit: 'Count' }, { name: statusClass, unit: 'Count' }]
    .map(({ name, unit }) => `{"Name":"${name}","Unit":"${unit}"},`)
    .join('') +
  `{"Name":"LatencyMs","Unit":"Milliseconds"}]}]},"service":"orderly","route":"POST /orders",` +
  extra.map(({ name, value }) => `"${name}":${value},`).join('') +
  `"Requests":1,"${statusClass}":1,"LatencyMs":<ms>}\n`;

const coldStartBlob =
  `{"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":"${NAMESPACE}","Dimensions":[["service","function_name"]],` +
  `"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},"service":"orderly","function_name":"orderly-test-fn","ColdStart":1}\n`;

const body = z.object({ sku: z.string().check(z.minLength(1)), quantity: z.int().check(z.gte(1)) });
const post = (payload: unknown, correlationId: string) =>
  httpEvent({
    method: 'POST',
    path: '/orders',
    routeKey: 'POST /orders',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify(payload),
  });

describe('what a request writes (deployed settings)', () => {
  it('a 201: one INFO request line and one EMF blob per request, the same warm as cold', async () => {
    const { publicRoute } = await loadSpine();
    const route = publicRoute({ schemas: { body } }, async ({ body: line }) => ({ status: 201, body: { ...line, accepted: true } }));

    const first = await route(post({ sku: 'SKU-1', quantity: 2 }, 'corr-1'), fakeContext());
    const cold = stdout.splice(0);
    const second = await route(post({ sku: 'SKU-1', quantity: 2 }, 'corr-2'), fakeContext());
    const third = await route(post({ sku: 'SKU-1', quantity: 2 }, 'corr-3'), fakeContext());
    const warm = stdout.splice(0);

    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([201, 201, 201]);
    expect(cold.map(normalise)).toEqual([coldStartBlob, requestLine('INFO', true, 'corr-1', 201), requestBlob('Status2xx')]);
    expect(warm.map(normalise)).toEqual([
      requestLine('INFO', false, 'corr-2', 201),
      requestBlob('Status2xx'),
      requestLine('INFO', false, 'corr-3', 201),
      requestBlob('Status2xx'),
    ]);
    expect(stderr).toEqual([]);
  });

  it('a 400: the request line at INFO and Status4xx, nothing else', async () => {
    const { publicRoute } = await loadSpine();
    const route = publicRoute({ schemas: { body } }, async () => ({ status: 201 }));

    await route(post({ sku: '', quantity: 0 }, 'corr-1'), fakeContext());
    stdout.splice(0);
    const responses = [await route(post({ sku: '', quantity: 0 }, 'corr-2'), fakeContext())];
    responses.push(await route(post({ sku: '', quantity: 0 }, 'corr-3'), fakeContext()));

    expect(responses.map((response) => response.statusCode)).toEqual([400, 400]);
    expect(stdout.map(normalise)).toEqual([
      requestLine('INFO', false, 'corr-2', 400),
      requestBlob('Status4xx'),
      requestLine('INFO', false, 'corr-3', 400),
      requestBlob('Status4xx'),
    ]);
    expect(stderr).toEqual([]);
  });

  it('a 500: the error line (no secret), the request line at ERROR and Status5xx', async () => {
    const { publicRoute } = await loadSpine();
    const route = publicRoute({}, async () => {
      throw new Error('boom');
    });

    await route(post({}, 'corr-1'), fakeContext());
    stdout.splice(0);
    stderr.splice(0);
    await route(post({}, 'corr-2'), fakeContext());
    await route(post({}, 'corr-3'), fakeContext());

    // Powertools writes ERROR lines to stderr; the EMF blob goes to stdout.
    expect(stdout.map(normalise)).toEqual([requestBlob('Status5xx'), requestBlob('Status5xx')]);
    const errors = stderr.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors.map(({ message, level, correlationId }) => ({ message, level, correlationId }))).toEqual([
      { message: 'unhandled error', level: 'ERROR', correlationId: 'corr-2' },
      { message: 'request', level: 'ERROR', correlationId: 'corr-2' },
      { message: 'unhandled error', level: 'ERROR', correlationId: 'corr-3' },
      { message: 'request', level: 'ERROR', correlationId: 'corr-3' },
    ]);
    expect(normalise(stderr[1] ?? '')).toBe(requestLine('ERROR', false, 'corr-2', 500));
    expect(errors[0]).toMatchObject({ error: { name: 'Error', message: 'boom' } });
  });

  it("a use case's own metrics share the request's blob and its route dimension", async () => {
    const { publicRoute, metrics } = await loadSpine();
    const route = publicRoute({}, async () => {
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      return { status: 201 };
    });
    const quiet = publicRoute({}, async () => ({ status: 201 }));

    await route(post({}, 'corr-1'), fakeContext());
    stdout.splice(0);
    await route(post({}, 'corr-2'), fakeContext());
    await quiet(post({}, 'corr-3'), fakeContext());
    await route(post({}, 'corr-4'), fakeContext());

    const ordersPlaced = [{ name: 'OrdersPlaced', unit: 'Count', value: 1 }];
    expect(stdout.map(normalise)).toEqual([
      requestLine('INFO', false, 'corr-2', 201),
      requestBlob('Status2xx', ordersPlaced),
      requestLine('INFO', false, 'corr-3', 201),
      requestBlob('Status2xx'),
      requestLine('INFO', false, 'corr-4', 201),
      requestBlob('Status2xx', ordersPlaced),
    ]);
  });

  it("a use case's own dimension joins the request's blob, and only that request's", async () => {
    const { publicRoute, metrics } = await loadSpine();
    const route = publicRoute({}, async () => {
      metrics.addDimension('tenant', 'tenant-1');
      return { status: 201 };
    });
    const quiet = publicRoute({}, async () => ({ status: 201 }));

    await quiet(post({}, 'corr-1'), fakeContext());
    stdout.splice(0);
    await route(post({}, 'corr-2'), fakeContext());
    await quiet(post({}, 'corr-3'), fakeContext());

    const blobs = stdout.filter((line) => line.startsWith('{"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(blobs).toMatchObject([
      { _aws: { CloudWatchMetrics: [{ Dimensions: [['service', 'tenant', 'route']] }] }, tenant: 'tenant-1', Requests: 1 },
      { _aws: { CloudWatchMetrics: [{ Dimensions: [['service', 'route']] }] }, Requests: 1 },
    ]);
    expect(blobs[1]).not.toHaveProperty('tenant');
  });

  it('keys a use case appends to the logger end with its request', async () => {
    const { publicRoute } = await loadSpine();
    const { logger } = await import('#shared/observability/index.ts');
    const route = publicRoute({}, async () => {
      logger.appendKeys({ orderId: 'order-1' });
      logger.info('placed');
      return { status: 201 };
    });
    const quiet = publicRoute({}, async () => ({ status: 201 }));

    await route(post({}, 'corr-1'), fakeContext());
    await quiet(post({}, 'corr-2'), fakeContext());

    const lines = stdout.filter((line) => line.includes('"level"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ message, orderId, correlationId }) => ({ message, orderId, correlationId }))).toEqual([
      { message: 'placed', orderId: 'order-1', correlationId: 'corr-1' },
      { message: 'request', orderId: 'order-1', correlationId: 'corr-1' },
      { message: 'request', orderId: undefined, correlationId: 'corr-2' },
    ]);
  });

  it('writes no EMF when metrics are disabled, and the request line still', async () => {
    const { publicRoute } = await loadSpine({ metricsDisabled: 'true' });
    const route = publicRoute({}, async () => ({ status: 201 }));

    await route(post({}, 'corr-1'), fakeContext());
    await route(post({}, 'corr-2'), fakeContext());

    expect(stdout.map(normalise)).toEqual([requestLine('INFO', true, 'corr-1', 201), requestLine('INFO', false, 'corr-2', 201)]);
  });
});
