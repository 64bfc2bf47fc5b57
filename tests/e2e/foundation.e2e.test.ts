import { describe, expect, it } from 'vitest';
import { loadLocalEnv } from '../../scripts/local/env.ts';
import { adminToken, api } from '../support/e2e.ts';

const isProblem = (response: { headers: Headers; body: { status?: number; correlationId?: string } }, status: number) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.status).toBe(status);
  expect(response.body.correlationId).toBe(response.headers.get('x-correlation-id'));
};

describe('operations endpoints and the HTTP conventions, over HTTP', () => {
  it('GET /health answers ok with version and time', async () => {
    const response = await api('/health');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', version: expect.any(String), time: expect.any(String) });
  });

  it('GET /health/deep reports DynamoDB, SQS and the payment provider healthy to an admin', async () => {
    const response = await api('/health/deep', { token: await adminToken() });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { dynamodb: { status: 'ok' }, sqs: { status: 'ok' }, paymentProvider: { status: 'ok' } },
    });
  });

  it('GET /health/deep is 401 without a token', async () => {
    const response = await api('/health/deep');

    expect(response.status).toBe(401);
    isProblem(response, 401);
  });

  it('echoes a caller correlation id and makes one up otherwise', async () => {
    const echoed = await api('/health', { headers: { 'x-correlation-id': 'e2e-corr-1' } });
    const generated = await api('/health');

    expect(echoed.headers.get('x-correlation-id')).toBe('e2e-corr-1');
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await api('/no/such/route', { method: 'POST', body: {} });

    expect(response.status).toBe(404);
    isProblem(response, 404);
  });

  it.each([
    [415, 'text/plain', '{"email":"a@b.co","password":"x"}'],
    [400, 'application/json', '{"email": "a@b.co", '],
    [413, 'application/json', JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(70_000) })],
  ])('answers %i for a body with content-type %s that is not acceptable', async (status, contentType, rawBody) => {
    const response = await api('/auth/login', { method: 'POST', rawBody, headers: { 'content-type': contentType } });

    expect(response.status).toBe(status);
    isProblem(response, status);
  });

  it('turns an unexpected failure into a 500 that shows no internals', async () => {
    const response = await api('/_probe/error');

    expect(response.status).toBe(500);
    isProblem(response, 500);
    expect(response.text).not.toMatch(/ProbeInternalFailure|orderly-test|eu-west-1|\.ts:|at /);
  });

  describe('CORS, answered by API Gateway (provider.httpApi.cors) and not by the functions', () => {
    // The first origin the stack gave provider.httpApi.cors: .env.example, then .env, then the real environment.
    const allowed = loadLocalEnv().CORS_ALLOWED_ORIGINS?.split(',')[0]?.trim() || 'http://localhost:5173';
    const preflight = (origin: string) =>
      api('/orders', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });

    it('answers a preflight from an allowed origin with the methods and headers the API accepts', async () => {
      const response = await preflight(allowed);

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/idempotency-key/);
    });

    it('allows no other origin in a preflight', async () => {
      const response = await preflight('https://evil.example.net');

      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets a browser on an allowed origin read the correlation id of a response', async () => {
      const response = await api('/health', { headers: { origin: allowed } });

      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(response.headers.get('access-control-expose-headers')).toMatch(/x-correlation-id/);
    });
  });
});
