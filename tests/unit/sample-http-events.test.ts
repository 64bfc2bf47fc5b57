import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OPERATIONS, type Operation } from '../../scripts/openapi/operations.ts';
import { deployedFunctions, httpRouteKey } from '../../scripts/openapi/routes.ts';
import type { HttpEvent, HttpResponse } from '#shared/middleware/http/types.ts';
import { sampleEvent } from '../support/events.ts';
import { fakeContext } from '../support/lambda.ts';
import { createResponseChecker } from '../support/openapi-responses.ts';

// Every HTTP function has a sample request under events/http/<function>.json (`npm run invoke -- <function> <file>`
// sends it to the running stack). Each one is a payload-2.0 event for one of its function's routes, its body, query and
// path parameters parse with the operation's schemas, and the handler answers it as docs/openapi.json declares: a
// signed-in route without a token is a 401 problem, a public route that needs no store answers for real. Routes that
// need a token or a table for a real answer are driven end to end by the e2e suite.

// Config as the functions get it (serverless.yml sets these in AWS, npm start offline); nothing is contacted.
vi.hoisted(() => {
  const queue = (name: string) => `http://127.0.0.1:9/000000000000/orderly-test-${name}`;
  const env: Record<string, string> = {
    JWT_ISSUER: 'https://orderly.dev/test',
    JWT_AUDIENCE: 'orderly-api',
    SIGNING_KEYS_PARAMETER: '/orderly/test/signing-keys',
    FIELD_KMS_KEY_ID: 'alias/orderly-test',
    QUEUE_URL_PAYMENTS: queue('payments'),
    QUEUE_URL_NOTIFICATIONS: queue('notifications'),
    QUEUE_URL_RISK: queue('risk'),
    EVENTS_PUBLISHER_FAILURE_QUEUE_URL: queue('events-publisher-failures'),
    CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL: queue('catalog-cache-invalidation-failures'),
    HEALTH_QUEUE_URL: queue('payments'),
    PAYMENTS_DLQ_URL: queue('payments-dlq'),
    RISK_DLQ_URL: queue('risk-dlq'),
    NOTIFICATIONS_DLQ_URL: queue('notifications-dlq'),
    PROBE_DLQ_URL: queue('probe-dlq'),
    PAYMENT_PROVIDER_URL: 'http://127.0.0.1:9',
    WEBSOCKET_URL: 'ws://127.0.0.1:9',
    LEDGER_RPC_URL: 'http://127.0.0.1:9',
    LEDGER_CHAIN_ID: '31337',
    LEDGER_CONTRACT: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
});
afterAll(() => vi.unstubAllEnvs());

const HTTP_DIR = join(import.meta.dirname, '..', '..', 'events', 'http');
/** Samples that stand for something more specific than "the function's request" (each says what in its test). */
const EXTRA_SAMPLES = new Set(['post-register-invalid.json']);

const functions = deployedFunctions('test');
const httpFunctions = Object.entries(functions)
  .map(([name, definition]) => ({
    name,
    handler: definition.handler!,
    routes: (definition.events ?? []).flatMap((event) => {
      const key = httpRouteKey(event);
      return key ? [key === '*' ? '$default' : key] : [];
    }),
  }))
  .filter((fn) => fn.routes.length > 0);

const operationOf = (routeKey: string): Operation | undefined =>
  OPERATIONS.find((operation) => `${operation.method.toUpperCase()} ${operation.path}` === routeKey);

/**
 * Public functions whose answer needs no table, queue or key: driven for real. (demoPage imports its page as text, which
 * only the bundler understands: the live-page e2e test opens it.)
 */
const STORE_FREE: Record<string, number> = { health: 200, getOpenApi: 200, getDocs: 200, notFound: 404, probeError: 500 };

const checker = createResponseChecker();

/** Signed-in routes (401 without a token) and the store-free public ones; the rest need a table or keys (e2e drives them). */
const drivable = httpFunctions.flatMap((fn) => {
  const operation = operationOf(sampleEvent<HttpEvent>(`http/${fn.name}.json`).routeKey);
  const expected = operation && operation.auth !== 'public' ? 401 : STORE_FREE[fn.name];
  return expected === undefined ? [] : [[fn.name, expected, fn] as const];
});

const drive = async (fn: { handler: string }, event: HttpEvent): Promise<HttpResponse> => {
  const [file, exported] = fn.handler.split(/\.(?=[^.]+$)/) as [string, string];
  const module = (await import(join(import.meta.dirname, '..', '..', `${file}.ts`))) as Record<
    string,
    (event: HttpEvent, context: unknown) => Promise<HttpResponse>
  >;
  return module[exported]!(structuredClone(event), fakeContext());
};

const textOf = (response: HttpResponse) =>
  response.isBase64Encoded ? Buffer.from(String(response.body ?? ''), 'base64').toString('utf8') : String(response.body ?? '');

// Each driven test imports a handler for the first time: room for a busy machine.
describe('HTTP sample events under events/http/', { timeout: 30_000 }, () => {
  it('one per HTTP function, and nothing else', () => {
    const files = readdirSync(HTTP_DIR).filter((name) => !EXTRA_SAMPLES.has(name));
    expect(files.sort()).toEqual(httpFunctions.map((fn) => `${fn.name}.json`).sort());
  });

  it.each(httpFunctions.map((fn) => [fn.name, fn] as const))('%s: a request for one of its routes that parses', (_name, fn) => {
    const file = join(HTTP_DIR, `${fn.name}.json`);
    expect(existsSync(file), `add events/http/${fn.name}.json`).toBe(true);
    const event = sampleEvent<HttpEvent & { body?: string }>(`http/${fn.name}.json`);
    expect(event).toMatchObject({ version: '2.0', requestContext: { routeKey: event.routeKey, http: { path: event.rawPath } } });
    expect(fn.routes).toContain(event.routeKey);
    const operation = operationOf(event.routeKey);
    if (!operation) return; // the catch-all and the test stage's probes are outside the contract
    expect(event.requestContext.http.method).toBe(operation.method.toUpperCase());
    const { request = {} } = operation;
    if (request.body) expect(request.body.safeParse(JSON.parse(String(event.body))).error).toBeUndefined();
    else expect(event.body).toBeUndefined();
    if (request.path) expect(request.path.safeParse(event.pathParameters ?? {}).error).toBeUndefined();
    if (request.query) expect(request.query.safeParse(event.queryStringParameters ?? {}).error).toBeUndefined();
    if (request.headers) expect(request.headers.safeParse(event.headers).error).toBeUndefined();
  });

  it.each(drivable)('%s: its handler answers the sample with %i, as the spec declares', async (name, expected, fn) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = sampleEvent<HttpEvent>(`http/${name}.json`);
    const response = await drive(fn, event);
    expect(response.statusCode).toBe(expected);
    const problems = checker.check({
      method: event.requestContext.http.method,
      url: event.rawPath,
      status: response.statusCode!,
      headers: new Headers(response.headers as Record<string, string>),
      text: textOf(response),
    });
    expect(problems).toEqual([]);
  });

  it.each([
    ['an oversized JSON body', 'application/json', `{"pad":"${'p'.repeat(100 * 1024)}"}`],
    ['a body not declared as JSON', 'text/plain', 'hello'],
    ['malformed JSON', 'application/json', '{"a":'],
  ])('notFound answers a request with %s 404 too (there is no route to apply body rules to)', async (_name, type, body) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fn = httpFunctions.find((candidate) => candidate.name === 'notFound')!;
    const event = sampleEvent<HttpEvent>('http/notFound.json');
    const response = await drive(fn, { ...event, headers: { ...event.headers, 'content-type': type }, body } as HttpEvent);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});
