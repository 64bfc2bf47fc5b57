import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, RateLimitedError, ValidationError } from '#shared/domain/errors.ts';
import type { Email } from '#shared/domain/identity/email.ts';
import type { PhoneNumber } from '#shared/domain/identity/phone.ts';
import { aUser } from '#shared/domain/identity/testing/user-mother.ts';
import { aesGcmFieldCipher } from '#shared/infrastructure/crypto/aes-gcm-field-cipher.ts';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { dynamoRateLimiter } from '#shared/infrastructure/rate-limit/dynamo-rate-limiter.ts';
import { localDynamo } from '../../../tests/support/integration.ts';
import { dynamoRefreshTokenStore } from './dynamo-refresh-token-store.ts';
import { dynamoUserRepository } from './dynamo-user-repository.ts';

const { client, tableName } = localDynamo();
afterAll(() => client.destroy());
const cipher = aesGcmFieldCipher(localKeyFileProvider(join(mkdtempSync(join(tmpdir(), 'orderly-keys-')), 'field-keys.json')));
const users = dynamoUserRepository({ client, tableName, cipher });

describe('dynamoUserRepository against DynamoDB Local', () => {
  it('round-trips a user and keeps phone and address encrypted in the item', async () => {
    const user = aUser({ phone: '+4915112345678' as PhoneNumber, address: { line1: 'Hidden Way 1', city: 'Bonn', postalCode: '53111', country: 'DE' } as never });

    await users.create(user);

    expect(await users.getById(user.id)).toEqual(user);
    expect(await users.getByEmail(user.email)).toEqual(user);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { PK: `USER#${user.id}`, SK: 'PROFILE' } }));
    expect(JSON.stringify(Item)).not.toMatch(/4915112345678|Hidden Way|Bonn/);
    expect(Item).toMatchObject({ entity: 'User', v: 1 });
  });

  it('lets only one of many concurrent creations with one email succeed', async () => {
    const email = `same-${ulid().toLowerCase()}@example.com` as Email;

    const results = await Promise.allSettled(Array.from({ length: 8 }, () => users.create(aUser({ email }))));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((entry) => entry.status === 'rejected')) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });

  it('refuses an update against a stale version', async () => {
    const user = aUser();
    await users.create(user);
    await users.update({ ...user, name: 'First', version: 2 }, 1);

    await expect(users.update({ ...user, name: 'Stale', version: 2 }, 1)).rejects.toThrow(ConflictError);
    expect((await users.getById(user.id))?.name).toBe('First');
  });

  it('pages through users newest first and rejects a forged cursor', async () => {
    const first = await users.list({ limit: 2 });

    expect(first.items.length).toBeGreaterThan(0);
    await expect(users.list({ limit: 2, cursor: Buffer.from('{"PK":1}').toString('base64url') })).rejects.toThrow(ValidationError);
  });
});

describe('dynamoRateLimiter against DynamoDB Local', () => {
  const clock = { now: () => new Date() };
  const limiter = dynamoRateLimiter({ client, tableName, clock });
  const rule = { limit: 10, windowSeconds: 900 };

  it('admits exactly the limit out of 30 concurrent attempts and tells the rest when to retry', async () => {
    const subject = `ip-${ulid()}`;

    const results = await Promise.allSettled(Array.from({ length: 30 }, () => limiter.consume('test', subject, rule)));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    const refusal = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toBeInstanceOf(RateLimitedError);
    expect(refusal.reason.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.reason.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('starts counting afresh after a reset', async () => {
    const subject = `email-${ulid()}`;
    for (let attempt = 0; attempt < 10; attempt += 1) await limiter.consume('test', subject, rule);

    await limiter.reset('test', subject, rule);

    await expect(limiter.consume('test', subject, rule)).resolves.toBeUndefined();
  });
});

describe('dynamoRefreshTokenStore against DynamoDB Local', () => {
  const store = dynamoRefreshTokenStore({ client, tableName });

  it('rotates only from the current hash, once, and never after revocation', async () => {
    const family = { userId: ulid(), familyId: ulid(), tokenHash: 'h1', revoked: false, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    await store.create(family);

    const racers = await Promise.all([store.rotate(family.userId, family.familyId, 'h1', 'h2a'), store.rotate(family.userId, family.familyId, 'h1', 'h2b')]);
    expect(racers.filter(Boolean)).toHaveLength(1);

    await store.revoke(family.userId, family.familyId);
    const current = (await store.get(family.userId, family.familyId))!;
    expect(current.revoked).toBe(true);
    expect(await store.rotate(family.userId, family.familyId, current.tokenHash, 'h3')).toBe(false);
  });
});
