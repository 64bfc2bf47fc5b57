import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsTreatedAsExpired, defaultProvider } from '../../infra/esbuild/lambda-credentials.ts';

describe('Lambda bundles’ credential provider (the alias of @aws-sdk/credential-provider-node)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('gives the execution role’s credentials from the environment, session token included', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('names the environment and this file when there are none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/AWS_ACCESS_KEY_ID.*lambda-credentials\.ts/);
  });

  it('is what an SDK client signs with when it is its default provider', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENV');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const client = new DynamoDBClient({ region: 'eu-west-1', credentialDefaultProvider: defaultProvider });
    const credentials = await client.config.credentials();
    expect(credentials.accessKeyId).toBe('AKIDFROMENV');
    client.destroy();
  });

  it('treats credentials as expired five minutes before their expiry, and ones without an expiry never', () => {
    const now = Date.now();
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 's' })).toBe(false);
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 's', expiration: new Date(now + 600_000) })).toBe(false);
    expect(credentialsTreatedAsExpired({ accessKeyId: 'a', secretAccessKey: 's', expiration: new Date(now + 60_000) })).toBe(true);
  });
});
