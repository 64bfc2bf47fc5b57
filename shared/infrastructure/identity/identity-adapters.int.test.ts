import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import type { PhoneNumber } from '#shared/domain/identity/phone.ts';
import { describeRateLimiterContract } from '#shared/domain/identity/testing/rate-limiter.contract.ts';
import { describeRefreshTokenStoreContract } from '#shared/domain/identity/testing/refresh-token-store.contract.ts';
import { describeUserRepositoryContract } from '#shared/domain/identity/testing/user-repository.contract.ts';
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

describeUserRepositoryContract('dynamoUserRepository on DynamoDB Local', () => users);
describeRefreshTokenStoreContract('dynamoRefreshTokenStore on DynamoDB Local', () => dynamoRefreshTokenStore({ client, tableName }));
describeRateLimiterContract('dynamoRateLimiter on DynamoDB Local', () =>
  dynamoRateLimiter({ client, tableName, clock: { now: () => new Date() } }),
);

describe('dynamoUserRepository against DynamoDB Local', () => {
  it('round-trips a user and keeps phone and address encrypted in the item', async () => {
    const user = aUser({
      phone: '+4915112345678' as PhoneNumber,
      address: { line1: 'Hidden Way 1', city: 'Bonn', postalCode: '53111', country: 'DE' } as never,
    });

    await users.create(user);

    expect(await users.getById(user.id)).toEqual(user);
    expect(await users.getByEmail(user.email)).toEqual(user);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { PK: `USER#${user.id}`, SK: 'PROFILE' } }));
    expect(JSON.stringify(Item)).not.toMatch(/4915112345678|Hidden Way|Bonn/);
    expect(Item).toMatchObject({ entity: 'User', v: 1 });
  });

  it('rejects a well-formed cursor of another list', async () => {
    await expect(users.list({ limit: 2, cursor: Buffer.from('{"PK":1}').toString('base64url') })).rejects.toThrow(ValidationError);
  });
});
