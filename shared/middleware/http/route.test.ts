import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ConflictError, RateLimitedError, UnauthorizedError } from '#shared/domain/errors.ts';
import { fakeContext, httpEvent } from '../../../tests/support/lambda.ts';
import { MAX_MODEL_DOCUMENT_BYTES } from '#shared/application/risk/schemas.ts';
import type { VerifyAccessToken } from './auth.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
import { publicRoute, routeFor } from './route.ts';

const echoRoute = publicRoute(
  {
    schemas: {
      body: z.object({ email: z.email(), quantity: z.number().int().min(1) }).strict(),
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
    },
  },
  async ({ body, query }) => ({ status: 201, body: { ...body, limit: query.limit } }),
);

const jsonHeaders = { 'content-type': 'application/json' };
const invoke = (input: Parameters<typeof httpEvent>[0]) => echoRoute(httpEvent({ method: 'POST', path: '/echo', ...input }), fakeContext());
const bodyOf = (response: { body?: string | undefined }) => JSON.parse(response.body ?? 'null');

describe('HTTP middleware spine', () => {
  it('passes a valid request to the use case and serialises its result as JSON', async () => {
    const response = await invoke({ headers: jsonHeaders, body: JSON.stringify({ email: 'a@b.co', quantity: 2 }), query: { limit: '5' } });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(bodyOf(response)).toEqual({ email: 'a@b.co', quantity: 2, limit: 5 });
  });

  it('echoes a well-formed caller correlation id and generates one otherwise', async () => {
    const echoed = await invoke({
      headers: { ...jsonHeaders, 'x-correlation-id': 'abc-123.X_y' },
      body: '{"email":"a@b.co","quantity":1}',
    });
    const replaced = await invoke({
      headers: { ...jsonHeaders, 'x-correlation-id': 'bad id with spaces' },
      body: '{"email":"a@b.co","quantity":1}',
    });

    expect(echoed.headers?.['x-correlation-id']).toBe('abc-123.X_y');
    expect(replaced.headers?.['x-correlation-id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it.each([
    [415, 'text/plain', '{"email":"a@b.co","quantity":1}'],
    [415, undefined, '{"email":"a@b.co","quantity":1}'],
    [400, 'application/json', '{"email": '],
    [413, 'application/json', JSON.stringify({ email: 'a@b.co', quantity: 1, pad: 'x'.repeat(70_000) })],
  ])('answers %i problem+json for content-type %s and a non-JSON or oversized body', async (status, contentType, body) => {
    const response = await invoke({ headers: contentType ? { 'content-type': contentType } : {}, body });

    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(bodyOf(response)).toMatchObject({ status, correlationId: response.headers?.['x-correlation-id'] });
  });

  describe('a route with its own body limit', () => {
    const documentRoute = publicRoute(
      { maxBodyBytes: MAX_MODEL_DOCUMENT_BYTES, schemas: { body: z.object({ pad: z.string() }).strict() } },
      async ({ body }) => ({
        status: 201,
        body: { bytes: body.pad.length },
      }),
    );
    // {"pad":"…"} is 10 bytes of JSON around the padding.
    const bodyOfSize = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
    const post = (body: string) => documentRoute(httpEvent({ method: 'POST', path: '/doc', headers: jsonHeaders, body }), fakeContext());

    it('accepts a body of exactly its limit (256 KiB for model documents), four times the API default', async () => {
      expect(Buffer.byteLength(bodyOfSize(MAX_MODEL_DOCUMENT_BYTES))).toBe(256 * 1024);

      const response = await post(bodyOfSize(MAX_MODEL_DOCUMENT_BYTES));

      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toEqual({ bytes: MAX_MODEL_DOCUMENT_BYTES - 10 });
    });

    it('answers 413 problem+json one byte over its limit', async () => {
      const response = await post(bodyOfSize(MAX_MODEL_DOCUMENT_BYTES + 1));

      expect(response.statusCode).toBe(413);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(bodyOf(response)).toMatchObject({ status: 413, detail: `The request body exceeds ${256 * 1024} bytes.` });
    });

    it('leaves every other route at the API default of 64 KiB', async () => {
      const atDefault = await invoke({ headers: jsonHeaders, body: bodyOfSize(MAX_BODY_BYTES + 1) });

      expect(atDefault.statusCode).toBe(413);
    });
  });

  it('lists every invalid field, unknown ones included, in one 400', async () => {
    const response = await invoke({
      headers: jsonHeaders,
      body: JSON.stringify({ email: 'nope', quantity: 0, roles: ['admin'] }),
      query: { limit: '101' },
    });

    expect(response.statusCode).toBe(400);
    const paths = bodyOf(response).errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['query.limit', 'body.email', 'body.quantity', 'body']));
  });

  it.each([
    [new ConflictError('Email taken'), 409, undefined],
    [new RateLimitedError('Slow down', { retryAfterSeconds: 12.2 }), 429, '13'],
  ])('maps the typed error %s to its status with retry-after where given', async (error, status, retryAfter) => {
    const failing = publicRoute({}, async () => {
      throw error;
    });

    const response = await failing(httpEvent(), fakeContext());

    expect(response.statusCode).toBe(status);
    expect(response.headers?.['retry-after']).toBe(retryAfter);
    expect(bodyOf(response)).toMatchObject({ status, detail: error.message, title: expect.any(String), type: expect.any(String) });
  });

  it('turns an unknown error into a 500 that leaks neither message nor stack', async () => {
    const failing = publicRoute({}, async () => {
      throw new Error('ResourceNotFoundException: arn:aws:dynamodb:secret-table');
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const response = await failing(httpEvent(), fakeContext());

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/arn:|ResourceNotFound|secret|at .*\.ts/);
    expect(response.headers?.['x-correlation-id']).toBeTruthy();
  });

  it('answers 503 with Retry-After just before the function would time out, instead of timing out', async () => {
    // The use case ends only when released: the answer is the guard's, given while it still runs (the guard's
    // timing, remaining time minus the margin, is pinned with fake timers in deadline.test.ts).
    let release = () => {};
    let finished = false;
    const slow = publicRoute({}, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return { status: 200, body: { late: true } };
    });
    const response = await slow(httpEvent({ method: 'GET', path: '/slow' }), fakeContext(800));

    expect(finished).toBe(false);
    release();
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(bodyOf(response)).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it.each([
    ['a guard that never answers (a hung rate limiter)', { guards: [{ before: () => new Promise<void>(() => {}) }] }],
    [
      'a guard slower than the time left',
      { guards: [{ before: async () => void (await new Promise((resolve) => setTimeout(resolve, 3_000))) }] },
    ],
  ])('answers that 503 also while %s is still running, with the request correlation id and security headers', async (_label, options) => {
    let reached = false;
    const stuck = publicRoute(options, async () => {
      reached = true;
      return { status: 200, body: { late: true } };
    });
    const response = await stuck(
      httpEvent({ method: 'GET', path: '/stuck', headers: { 'x-correlation-id': 'corr-deadline' } }),
      fakeContext(800),
    );

    expect(reached).toBe(false);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers?.['x-correlation-id']).toBe('corr-deadline');
    expect(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase())).toEqual(
      expect.arrayContaining(['x-content-type-options']),
    );
    expect(bodyOf(response)).toMatchObject({ status: 503, title: 'Service Unavailable', correlationId: 'corr-deadline' });
  });

  it('adds security headers and leaves CORS to API Gateway', async () => {
    const response = await invoke({
      headers: { ...jsonHeaders, origin: 'https://shop.example.com' },
      body: '{"email":"a@b.co","quantity":1}',
    });

    const names = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['strict-transport-security', 'x-content-type-options']));
    expect(names.filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('gives each of two concurrent requests its own parsed input', async () => {
    const slowEcho = publicRoute({ schemas: { body: z.object({ n: z.number() }) } }, async ({ body }) => {
      await new Promise((resolve) => setTimeout(resolve, body.n === 1 ? 20 : 0));
      return { status: 200, body };
    });
    const call = (n: number) => slowEcho(httpEvent({ method: 'POST', headers: jsonHeaders, body: JSON.stringify({ n }) }), fakeContext());

    const [first, second] = await Promise.all([call(1), call(2)]);

    expect([bodyOf(first), bodyOf(second)]).toEqual([{ n: 1 }, { n: 2 }]);
  });

  describe('signed-in routes', () => {
    const verifier: VerifyAccessToken = async (token) => {
      if (token === 'a.b.admin') return { sub: 'user-admin', roles: ['admin'] };
      if (token === 'a.b.customer') return { sub: 'user-1', roles: ['customer', 'not-a-role'] };
      throw new UnauthorizedError('The access token is invalid.');
    };
    const testRoute = routeFor({ verifier: async () => verifier });
    const whoAmI = testRoute({ auth: 'users:read:any' }, async ({ principal }) => ({ status: 200, body: principal }));
    const call = (authorization?: string) => whoAmI(httpEvent({ headers: authorization ? { authorization } : {} }), fakeContext());

    it.each([
      [401, undefined],
      [401, 'Bearer a.b.forged'],
      [401, 'Basic a.b.admin'],
      [403, 'Bearer a.b.customer'],
    ])('answers %i problem+json for Authorization %s', async (status, authorization) => {
      const response = await call(authorization);

      expect(response.statusCode).toBe(status);
      expect(bodyOf(response)).toMatchObject({ status });
    });

    it('hands the verified caller, with known roles only, to the use case', async () => {
      const admin = await call('Bearer a.b.admin');
      const customer = await testRoute({ auth: 'signedIn' }, async ({ principal }) => ({ status: 200, body: principal }))(
        httpEvent({ headers: { authorization: 'Bearer a.b.customer' } }),
        fakeContext(),
      );

      expect(bodyOf(admin)).toEqual({ userId: 'user-admin', roles: ['admin'] });
      expect(bodyOf(customer)).toEqual({ userId: 'user-1', roles: ['customer'] });
    });
  });

  describe('request log', () => {
    // The logger reads its level once, at construction: load a fresh spine with INFO enabled.
    const loadSpineAtInfo = async () => {
      vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
      vi.resetModules();
      return (await import('./route.ts')).publicRoute;
    };
    afterEach(() => {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    });

    it('writes the one line and the metrics of a request answered early, and nothing when that request ends late', async () => {
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'); // POWERTOOLS_DEV turns metrics off unless told otherwise
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const route = (await loadSpineAtInfo())({}, async () => {
        await gate;
        return { status: 201 };
      });
      const lines: string[] = [];
      const emf: string[] = [];
      vi.spyOn(console, 'info').mockImplementation((line: unknown) => void lines.push(String(line)));
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
      vi.spyOn(console, 'log').mockImplementation((line: unknown) => void emf.push(String(line)));
      const requestLines = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'request');
      const requestBlobs = () => emf.map((line) => JSON.parse(line)).filter((blob) => 'Requests' in blob);

      const response = await route(httpEvent({ method: 'GET', path: '/slow', routeKey: 'GET /slow' }), fakeContext(800));
      expect(response.statusCode).toBe(503);
      expect(requestLines()).toMatchObject([{ route: 'GET /slow', status: 503 }]);
      expect(requestBlobs()).toMatchObject([{ route: 'GET /slow', Requests: 1, Status5xx: 1 }]);

      release();
      // The late end is microtasks only (no I/O, no timer): by the next turn of the event loop it has run.
      await new Promise((resolve) => setImmediate(resolve));
      expect(requestLines()).toHaveLength(1);
      expect(requestBlobs()).toHaveLength(1);
    });

    it('writes one line with method, route, status, duration and correlation id', async () => {
      const route = (await loadSpineAtInfo())({}, async () => ({ status: 201 }));
      const lines: string[] = [];
      vi.spyOn(console, 'info').mockImplementation((line: unknown) => void lines.push(String(line)));

      await route(
        httpEvent({ method: 'POST', path: '/echo', headers: { ...jsonHeaders, 'x-correlation-id': 'corr-42' }, body: '{}' }),
        fakeContext(),
      );

      const requestLines = lines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'request');
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatchObject({
        method: 'POST',
        route: 'POST /echo',
        status: 201,
        correlationId: 'corr-42',
        durationMs: expect.any(Number),
      });
    });
  });
});
