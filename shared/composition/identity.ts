import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ulid } from 'ulid';
import type { SessionDeps } from '#shared/application/identity/start-session.ts';
import { baseConfigSchema, identityConfigSchema, loadConfig } from '#shared/config.ts';
import { aesGcmFieldCipher } from '#shared/infrastructure/crypto/aes-gcm-field-cipher.ts';
import { kmsDataKeyApi, kmsDataKeyProvider } from '#shared/infrastructure/crypto/kms-data-key-provider.ts';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { scryptPasswordHasher } from '#shared/infrastructure/crypto/scrypt-password-hasher.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { dynamoRefreshTokenStore } from '#shared/infrastructure/identity/dynamo-refresh-token-store.ts';
import { dynamoUserRepository } from '#shared/infrastructure/identity/dynamo-user-repository.ts';
import { dynamoRateLimiter } from '#shared/infrastructure/rate-limit/dynamo-rate-limiter.ts';
import { createTokenIssuer } from '#shared/infrastructure/tokens/token-issuer.ts';
import { signingKeys } from './auth.ts';
import { once } from './memo.ts';

// The identity composition root: real adapters, built once per container, on first use.
export const identityConfig = loadConfig(baseConfigSchema.and(identityConfigSchema));
const config = identityConfig;

export const clock = { now: () => new Date() };
export const newId = () => ulid();
const dynamo = createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const tableName = config.TABLE_NAME;

const fieldKeys = () => {
  if (config.FIELD_KEYS_FILE) return localKeyFileProvider(config.FIELD_KEYS_FILE);
  if (!config.FIELD_KMS_KEY_ID) throw new Error('Set FIELD_KEYS_FILE (offline) or FIELD_KMS_KEY_ID (AWS)');
  const kms = kmsDataKeyApi(new KMSClient({ region: config.AWS_REGION }), { GenerateDataKeyCommand, DecryptCommand });
  return kmsDataKeyProvider({ kms, keyId: config.FIELD_KMS_KEY_ID });
};

export const hasher = scryptPasswordHasher({ cost: { ln: config.PASSWORD_SCRYPT_LOG_N, r: 8, p: 1 } });
export const users = once(async () => dynamoUserRepository({ client: dynamo, tableName, cipher: aesGcmFieldCipher(fieldKeys()) }));
export const limiter = once(async () => dynamoRateLimiter({ client: dynamo, tableName, clock }));
export const refreshTokens = dynamoRefreshTokenStore({ client: dynamo, tableName });

/** Everything the session use cases (login, refresh) need. */
export const sessionDeps = once(async (): Promise<SessionDeps> => {
  const { config: auth, keys } = await signingKeys();
  const issuer = createTokenIssuer({ keys, issuer: auth.JWT_ISSUER, audience: auth.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  return {
    users: await users(),
    tokens: { issue: async (claims) => issuer.issue(claims) },
    refreshTokens,
    clock,
    newId,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
  };
});
