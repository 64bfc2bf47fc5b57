import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { promisify } from 'node:util';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { JWKS_REFRESH_LOG_MESSAGE } from '#shared/composition/auth.ts';
import { publicJwks } from '#shared/infrastructure/tokens/public-jwks.ts';
import { parseSigningKeySet, type SigningKeySet } from '#shared/infrastructure/tokens/signing-keys.ts';
import { fileKeyStore } from '../../scripts/local/keys.ts';
import { api, e2e, eventually, newCustomer } from '../support/e2e.ts';
import { es256, strangerKey } from '../support/jwt.ts';

// Rotates the e2e stack's own signing keys with the real CLI while signed-in traffic runs against warm functions.
// A warm issuer keeps signing with its cached key for up to 300 s; a freshly started one signs with the newest key
// at once. The test plays that fresh issuer: it signs with the newest private key from the rotated file.

const run = promisify(execFile);
const { env, logFile } = e2e();
const keysFile = env.SIGNING_KEYS_FILE!;
const readKeys = (): SigningKeySet => parseSigningKeySet(readFileSync(keysFile, 'utf8'), keysFile);
const rotate = () => run('npm', ['run', '--silent', 'keys', '--', '--file', keysFile, '--rotate'], { timeout: 60_000 });
const now = () => Math.floor(Date.now() / 1000);

/** A token as an issuer holding `kid` would sign it (`pem` null: a key that is not ours). */
const tokenFor = (sub: string, kid: string, pem?: string) =>
  es256(
    { alg: 'ES256', typ: 'JWT', kid },
    { sub, roles: ['customer'], iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, iat: now(), exp: now() + 600, jti: ulid() },
    pem ? createPrivateKey(pem) : strangerKey(),
  );
const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

/** Unknown-kid re-reads logged by `functionName` since `offset` (one log line each, see shared/composition/auth.ts). */
const jwksReads = (functionName: string, offset: number) =>
  readFileSync(logFile, 'utf8')
    .slice(offset)
    .split('\n')
    .filter((line) => line.includes(JWKS_REFRESH_LOG_MESSAGE) && line.includes(`"function_name":"orderly-test-${functionName}"`)).length;

describe('signing-key rotation under traffic', async () => {
  const customers = await Promise.all([newCustomer(), newCustomer(), newCustomer()]);
  const before = readKeys();
  const original = before.keys.at(-1)!;
  // Every key this test adds or drops, so afterAll can hand the rest of the suite a set that accepts them all.
  const seen = new Map(before.keys.map((key) => [key.kid, key]));
  /**
   * Hands the rest of the suite a key set holding every key this test added or dropped (a warm issuer may still sign
   * with any of them for minutes), with the original key last again, so that an issuer started later signs with the
   * key every verifier of the suite already knows; then waits until the getOrder container that refused a dropped key
   * takes it again (after its 10 s back-off).
   */
  const restore = async () => {
    const originalKids = new Set(before.keys.map((key) => key.kid));
    const union = { keys: [...[...seen.values()].filter((key) => !originalKids.has(key.kid)), ...before.keys] };
    await fileKeyStore(keysFile).writePublic(publicJwks(union));
    await fileKeyStore(keysFile).writePrivate(union);
  };
  afterAll(async () => {
    await restore();
    const token = tokenFor(customers[0]!.id, original.kid, original.privateKeyPem);
    await eventually(async () => (await api(`/orders/${ulid()}`, { token })).status === 404, 30_000, 500);
  });

  it('keeps every token valid across two rotations, accepts new kids in warm containers, and drops old keys only', async () => {
    // Tokens the customers' traffic signs with: their login token first, then one per key the rotations add.
    const kids: string[] = [];
    const tokens = customers.map(({ token }) => [token]);
    const outcomes: { status: number; kid: string; path: string }[] = [];
    let stopped = false;
    // Not GET /users/me: the JWT attack matrix sends it unknown kids, and its back-off would be this test's noise.
    const traffic = customers.map(async (_customer, index) => {
      for (let round = 0; !stopped; round += 1) {
        const pool = tokens[index]!;
        const token = pool[round % pool.length]!;
        const path = round % 2 === 0 ? '/orders' : `/orders/${ulid()}/events`;
        // Unchecked: on a busy machine offline may time out; the statuses are counted below.
        const response = await api(path, { token, unchecked: true }).catch(() => undefined);
        if (response) outcomes.push({ status: response.status, kid: kidOf(token), path });
      }
    });
    // GET /orders answers 200, the events of an order that is not there 404: both only past the token check.
    const acceptedWith = (kid: string) => outcomes.filter((outcome) => outcome.kid === kid && [200, 404].includes(outcome.status)).length;
    const addKey = async () => {
      await rotate();
      const keys = readKeys();
      const fresh = keys.keys.at(-1)!;
      seen.set(fresh.kid, fresh);
      kids.push(fresh.kid);
      customers.forEach(({ id }, index) => tokens[index]!.push(tokenFor(id, fresh.kid, fresh.privateKeyPem)));
      // Warm containers (the traffic's) must take the new kid: each customer's traffic now sends it too.
      await eventually(async () => acceptedWith(fresh.kid) >= customers.length * 2, 30_000, 100);
      return keys;
    };

    try {
      await eventually(async () => acceptedWith(kidOf(customers[0]!.token)) >= customers.length * 2, 30_000, 100);
      const first = await addKey();
      expect(first.keys.map((key) => key.kid)).toEqual([...before.keys.map((key) => key.kid), kids[0]]);
      const second = await addKey();
      // The second rotation keeps the key before and the one before that: their tokens are within their lifetime.
      expect(second.keys.map((key) => key.kid)).toEqual([...before.keys.map((key) => key.kid), ...kids]);
      // A login now still works (warm issuers sign with their cached key, which the verifiers still accept).
      const relogged = await newCustomer();
      expect((await api('/orders', { token: relogged.token })).status).toBe(200);
    } finally {
      stopped = true;
      await Promise.all(traffic);
    }
    const unexpected = outcomes.filter((outcome) => outcome.status === 401);
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);
    for (const kid of [kidOf(customers[0]!.token), ...kids]) expect(acceptedWith(kid)).toBeGreaterThan(0);
  });

  it('drops a key only once its successor is older than the retention, and a warm container then refuses it', async () => {
    const customer = customers[0]!;
    const orderPath = `/orders/${ulid()}`;
    const keys = readKeys();
    const newest = keys.keys.at(-1)!;
    // Stands in for the time between rotations (KEY_RETENTION_SECONDS is 21 minutes): every key but the newest is
    // dated two hours back, so the next rotation may drop all but the newest's predecessor.
    const twoHoursAgo = Date.now() - 2 * 3600_000;
    const backdated = keys.keys.map((key, index) =>
      index === keys.keys.length - 1 ? key : { ...key, createdAt: new Date(twoHoursAgo - (keys.keys.length - index) * 1000).toISOString() },
    );
    // getOrder answers 404 for an order that is not there, so any status but 401 means the token was accepted.
    expect((await api(orderPath, { token: tokenFor(customer.id, original.kid, original.privateKeyPem) })).status).toBe(404);
    await fileKeyStore(keysFile).writePrivate({ keys: backdated });

    await rotate();
    const rotated = readKeys();
    const added = rotated.keys.at(-1)!;
    seen.set(added.kid, added);
    expect(rotated.keys.map((key) => key.kid)).toEqual([keys.keys.at(-2)!.kid, newest.kid, added.kid]);

    // The warm getOrder learns the new set through the new kid's refresh; the dropped key is then refused there.
    expect((await api(orderPath, { token: tokenFor(customer.id, added.kid, added.privateKeyPem) })).status).toBe(404);
    expect((await api(orderPath, { token: tokenFor(customer.id, newest.kid, newest.privateKeyPem) })).status).toBe(404);
    expect((await api(orderPath, { token: tokenFor(customer.id, original.kid, original.privateKeyPem) })).status).toBe(401);
    await restore();
  });

  it('still refuses an unknown kid, and re-reads the keys for unknown kids at most once per back-off', async () => {
    const customer = customers[1]!;
    // listMyOrders: warm from the traffic above, and no failed re-read there yet (none is ever logged for a 200).
    const ordersPath = '/orders';
    const current = readKeys().keys.at(-1)!;
    expect((await api(ordersPath, { token: tokenFor(customer.id, current.kid, current.privateKeyPem) })).status).toBe(200);
    const offset = readFileSync(logFile, 'utf8').length;
    const started = Date.now();

    for (let attempt = 0; attempt < 8; attempt += 1) {
      // A forged kid, and a kid of ours on a key that is not ours: neither may get in through the refresh.
      const kid = attempt % 2 === 0 ? `forged-${ulid()}` : current.kid;
      const response = await api(ordersPath, { token: tokenFor(customer.id, kid) });
      expect(response.status).toBe(401);
    }

    const backoffs = Math.floor((Date.now() - started) / 10_000);
    // Lines reach the log file a moment after the response.
    const reads = await eventually(async () => jwksReads('listMyOrders', offset) || false, 15_000);
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(1 + backoffs);
  });
});
