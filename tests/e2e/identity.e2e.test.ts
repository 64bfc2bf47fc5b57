import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { adminToken, api, e2e, newCustomer, PASSWORD } from '../support/e2e.ts';

describe('identity over HTTP', () => {
  it('walks register → login → me → patch me → refresh → reuse → logout', async () => {
    const email = `Flow-${ulid()}@Example.com`;
    const registered = await api('/auth/register', {
      method: 'POST',
      body: { email, password: PASSWORD, name: 'Flow', phone: '+4915112345678' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email: email.toLowerCase(), roles: ['customer'], phone: '+4915112345678' });

    const login = await api('/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const { accessToken, refreshToken } = login.body;

    const me = await api('/users/me', { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: registered.body.id, email: email.toLowerCase() });
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt|passwordHash/);

    const address = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
    const patched = await api('/users/me', { method: 'PATCH', token: accessToken, body: { name: 'Flow Renamed', address } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Flow Renamed', address });

    const refreshed = await api('/auth/refresh', { method: 'POST', body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(refreshToken);

    const reused = await api('/auth/refresh', { method: 'POST', body: { refreshToken } });
    expect(reused.status).toBe(401);
    const familyRevoked = await api('/auth/refresh', { method: 'POST', body: { refreshToken: refreshed.body.refreshToken } });
    expect(familyRevoked.status).toBe(401);

    const second = await api('/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
    expect((await api('/auth/logout', { method: 'POST', body: { refreshToken: second.body.refreshToken } })).status).toBe(204);
    expect((await api('/auth/refresh', { method: 'POST', body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
  });

  it('lets exactly one of two concurrent registrations of one email win', async () => {
    const email = `race-${ulid()}@example.com`;
    const attempts = await Promise.all(
      [email, email.toUpperCase()].map((address) =>
        api('/auth/register', { method: 'POST', body: { email: address, password: PASSWORD, name: 'Racer' } }),
      ),
    );

    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['a roles field', { roles: ['admin'] }],
    ['a weak password', { password: 'password' }],
    ['a phone that is not E.164', { phone: '0151 1234' }],
  ])('refuses a registration with %s (400)', async (_case, override) => {
    const response = await api('/auth/register', {
      method: 'POST',
      body: { email: `x-${ulid()}@example.com`, password: PASSWORD, name: 'X', ...override },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('answers a wrong password and an unknown email with the same 401 body', async () => {
    const customer = await newCustomer();
    const wrong = await api('/auth/login', { method: 'POST', body: { email: customer.email, password: 'Not-The-Passw0rd!' } });
    const unknown = await api('/auth/login', { method: 'POST', body: { email: `nobody-${ulid()}@example.com`, password: PASSWORD } });

    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('refuses a PATCH /users/me that tries to set roles', async () => {
    const customer = await newCustomer();

    const response = await api('/users/me', { method: 'PATCH', token: customer.token, body: { roles: ['admin'] } });

    expect(response.status).toBe(400);
  });

  it('keeps admin endpoints from customers (403) and opens them to admins', async () => {
    const customer = await newCustomer();
    const admin = await adminToken();

    expect((await api('/admin/users', { token: customer.token })).status).toBe(403);
    expect(
      (await api(`/admin/users/${customer.id}/roles`, { method: 'PUT', token: customer.token, body: { roles: ['admin'] } })).status,
    ).toBe(403);
    expect((await api('/health/deep', { token: customer.token })).status).toBe(403);

    const list = await api('/admin/users?limit=5', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt\$/);

    const promoted = await api(`/admin/users/${customer.id}/roles`, {
      method: 'PUT',
      token: admin,
      body: { roles: ['customer', 'support'] },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.roles).toEqual(['customer', 'support']);
  });

  it('shows each user only their own profile, whatever they send', async () => {
    const alice = await newCustomer();
    const bob = await newCustomer();

    const me = await api(`/users/me?id=${bob.id}`, { token: alice.token, headers: { 'x-user-id': bob.id } });

    expect(me.status).toBe(200);
    expect(me.body.id).toBe(alice.id);
    expect((await api(`/admin/users/${bob.id}/roles`, { method: 'PUT', token: alice.token, body: { roles: ['customer'] } })).status).toBe(
      403,
    );
  });

  it('validates admin list limits', async () => {
    const response = await api('/admin/users?limit=101', { token: await adminToken() });

    expect(response.status).toBe(400);
  });

  it('publishes the public signing keys without private parts', async () => {
    const response = await api('/.well-known/jwks.json');

    expect(response.status).toBe(200);
    expect(response.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: expect.any(String), alg: 'ES256' });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  it('stores phone and address only as ciphertext', async () => {
    const customer = await newCustomer({ phone: '+4917012345678' });
    await api('/users/me', {
      method: 'PATCH',
      token: customer.token,
      body: { address: { line1: 'Secret Street 9', city: 'Hamburg', postalCode: '20095', country: 'DE' } },
    });
    const { env } = e2e();
    const client = createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    const { Item } = await client.send(new GetCommand({ TableName: env.TABLE_NAME, Key: { PK: `USER#${customer.id}`, SK: 'PROFILE' } }));
    client.destroy();

    const raw = JSON.stringify(Item);
    expect(raw).not.toMatch(/4917012345678|Secret Street|Hamburg|20095/);
    expect(Item?.phoneEnc).toMatch(/^v1\./);
    expect(Item?.addressEnc).toMatch(/^v1\./);
  });
});

describe('login brute force', () => {
  it('answers 429 with Retry-After before 20 wrong passwords, and refuses even the right one then', async () => {
    const victim = await newCustomer();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 20 && !statuses.includes(429); attempt += 1) {
      const response = await api('/auth/login', { method: 'POST', body: { email: victim.email, password: `Wrong-Guess-${attempt}!` } });
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
    }

    expect(statuses).toContain(429);
    expect(statuses.length).toBeLessThan(20);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const rightPassword = await api('/auth/login', { method: 'POST', body: { email: victim.email, password: PASSWORD } });
    expect(rightPassword.status).toBe(429);
  });
});

describe('logs', () => {
  it('hold no password, token, phone or address from the whole flow', async () => {
    const phone = '+4916099887766';
    const customer = await newCustomer({ phone });
    await api('/users/me', {
      method: 'PATCH',
      token: customer.token,
      body: { address: { line1: 'Log Lane 77', city: 'Leipzig', postalCode: '04109', country: 'DE' } },
    });
    await api('/auth/refresh', { method: 'POST', body: { refreshToken: customer.refreshToken } });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const logs = readFileSync(e2e().logFile, 'utf8');

    expect(logs).toContain(customer.id);
    for (const secret of [PASSWORD, customer.token, customer.refreshToken.split('.')[2]!, phone, 'Log Lane 77', 'Leipzig']) {
      expect(logs.includes(secret), `logs contain ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});
