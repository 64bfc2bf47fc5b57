import { describe, expect, it } from 'vitest';
import { api, e2e, eventually } from '../support/e2e.ts';

// The local stack answers like API Gateway: a function that times out or crashes is a 500 without a stack trace
// (serverless offline alone answers 200 with `LambdaTimeoutError` and the stack), and the HTTP port opens only once
// the stack is ready (seeded, triggers running).

describe('the local API Gateway', () => {
  it.each([
    ['GET', 'timeout'],
    ['GET', 'crash'],
    ['POST', 'timeout'],
    ['POST', 'crash'],
  ])('answers a %s whose function meets its %s with 500 and nothing internal', async (method, mode) => {
    const response = await api(`/_probe/slow?mode=${mode}`, method === 'POST' ? { method, body: { items: [1, 2] } } : {});
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ message: 'Internal Server Error' });
    expect(response.text).not.toMatch(/stack|Lambda|Probe|var\/task|Error:/);
  });

  it('answers a cold start whose import outlasts the function timeout, with the whole timeout left (as Lambda: init is not invocation time)', async () => {
    const response = await api('/_probe/cold');
    expect(response.status).toBe(200);
    expect(response.body.importMs).toBeGreaterThan(2_000); // the function's timeout
    expect(response.body.remainingMs).toBeGreaterThan(0);
  });

  it.each([
    ['PUT', '/auth/logout', 'application/json', '{"refreshToken":"x"}'],
    ['DELETE', '/orders', 'application/json', '{}'],
    ['PATCH', '/health', 'text/plain', 'hello'],
    ['POST', '/no/such/route', 'application/json', `{"pad":"${'p'.repeat(100 * 1024)}"}`],
    ['PUT', '/no/such/route', 'application/json', '{"a":'],
  ])('answers %s %s (no operation) with the problem+json 404, whatever the body', async (method, path, type, body) => {
    // api() checks the answer against docs/openapi.json: no operation means the catch-all's problem+json 404.
    const response = await api(path, { method, rawBody: body, headers: { 'content-type': type } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 50 concurrent registrations of one email with at most one 201, otherwise 409, a fast 503 or a clean 500, and creates one account', async () => {
    const email = `burst-${Date.now()}@example.com`;
    const body = { email, password: 'A-Strong-Passw0rd!', name: 'Burst' };
    // api() checks every answer against docs/openapi.json: a 2xx carrying an error or an undeclared status fails here.
    const answers = await Promise.all(Array.from({ length: 50 }, () => api('/auth/register', { method: 'POST', body })));
    const statuses = answers.map((answer) => answer.status);
    // The one that created the account may itself have timed out after its write (its caller then got the 500).
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => ![201, 409, 500, 503].includes(status))).toEqual([]);
    // Exactly one account exists: a later registration is refused, and the password signs in.
    const again = await eventually(async () => {
      const answer = await api('/auth/register', { method: 'POST', body });
      return answer.status < 500 && answer;
    });
    expect(again.status).toBe(409);
    const login = await eventually(async () => {
      const answer = await api('/auth/login', { method: 'POST', body: { email, password: body.password } });
      return answer.status < 500 && answer;
    });
    expect(login.status).toBe(200);
    // The spine's own deadline answer: problem+json with Retry-After.
    for (const answer of answers.filter((candidate) => candidate.status === 503))
      expect(answer.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    // A function that timed out or crashed: API Gateway's answer, never serverless offline's 200 with a stack trace.
    // (Offline, 50 new instances cold-start at once on this machine and the emulator counts their start-up against the
    // timeout; Lambda gives init a budget of its own.)
    for (const answer of answers.filter((candidate) => candidate.status === 500))
      expect(answer.body).toEqual({ message: 'Internal Server Error' });
    for (const answer of answers) expect(answer.text).not.toMatch(/stack|errorType|Lambda|var\/task/i);
  });

  it('opens the HTTP port only after seeding: the seeded admin can sign in as soon as the stack reports ready', async () => {
    const { accounts } = e2e();
    const login = await api('/auth/login', {
      method: 'POST',
      body: { email: accounts.SEED_ADMIN_EMAIL, password: accounts.SEED_ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
  });
});
