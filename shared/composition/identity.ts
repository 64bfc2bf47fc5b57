import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ulid } from 'ulid';
import type { LogInDeps } from '#shared/application/identity/log-in.ts';
import type { RegisterDeps } from '#shared/application/identity/register-user.ts';
import type { SessionDeps } from '#shared/application/identity/start-session.ts';
import type { UserUpdateDeps } from '#shared/application/identity/user-updates.ts';
import { loadConfig, signingConfigSchema } from '#shared/config.ts';
import { identityConfigSchema } from '#shared/config/identity.ts';
import { aesGcmFieldCipher } from '#shared/infrastructure/crypto/aes-gcm-field-cipher.ts';
import { kmsDataKeyApi, kmsDataKeyProvider } from '#shared/infrastructure/crypto/kms-data-key-provider.ts';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { scryptPasswordHasher } from '#shared/infrastructure/crypto/scrypt-password-hasher.ts';
import { dynamoRefreshTokenStore } from '#shared/infrastructure/identity/dynamo-refresh-token-store.ts';
import { dynamoUserRepository } from '#shared/infrastructure/identity/dynamo-user-repository.ts';
import { dynamoRateLimiter } from '#shared/infrastructure/rate-limit/dynamo-rate-limiter.ts';
import { localSigningKeys, parameterSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import { createRotatingTokenIssuer } from '#shared/infrastructure/tokens/token-issuer.ts';
import { routeFor } from '#shared/middleware/http/route.ts';
import { accessTokenVerifier } from './auth.ts';
import { documentClientFor } from './aws.ts';
import { once } from './memo.ts';
import { systemClock } from '#shared/domain/clock.ts';

// The identity composition root: config parsed at cold start, adapters built once per container on first use.
export const identityConfig = loadConfig(identityConfigSchema);
const config = identityConfig;

const clock = systemClock;
const newId = () => ulid();
const dynamo = /* @__PURE__ */ documentClientFor(config);
const tableName = config.TABLE_NAME;

const fieldKeys = () => {
  if (config.FIELD_KEYS_FILE) return localKeyFileProvider(config.FIELD_KEYS_FILE);
  if (!config.FIELD_KMS_KEY_ID) throw new Error('Set FIELD_KEYS_FILE (offline) or FIELD_KMS_KEY_ID (AWS)');
  const kms = kmsDataKeyApi(new KMSClient({ region: config.AWS_REGION }), { GenerateDataKeyCommand, DecryptCommand });
  return kmsDataKeyProvider({ kms, keyId: config.FIELD_KMS_KEY_ID });
};

const hasher = /* @__PURE__ */ scryptPasswordHasher({ cost: { ln: config.PASSWORD_SCRYPT_LOG_N, r: 8, p: 1 } });
const users = /* @__PURE__ */ once(async () => dynamoUserRepository({ client: dynamo, tableName, cipher: aesGcmFieldCipher(fieldKeys()) }));
const refreshTokens = /* @__PURE__ */ dynamoRefreshTokenStore({ client: dynamo, tableName });
/** A hash of a random password, so an unknown email costs as much as a wrong password. */
const decoyHash = /* @__PURE__ */ once(() => hasher.hash(randomBytes(18).toString('base64url')));

/** The limiter behind login and the registration guard. */
export const limiter = /* @__PURE__ */ once(async () => dynamoRateLimiter({ client: dynamo, tableName, clock }));

export const registerUserDeps = /* @__PURE__ */ once(async (): Promise<RegisterDeps> => ({ users: await users(), hasher, clock, newId }));

/**
 * The token issuer: the only place that reads the private signing keys (log in and refresh). Its config is parsed
 * on first use, so the other identity functions need no signing variables and have no access to the keys.
 */
const tokenIssuer = /* @__PURE__ */ once(async () => {
  const signing = loadConfig(signingConfigSchema);
  const load = signing.SIGNING_KEYS_FILE
    ? localSigningKeys(signing.SIGNING_KEYS_FILE, signing.SIGNING_KEYS_CACHE_SECONDS)
    : parameterSigningKeys(signing.SIGNING_KEYS_PARAMETER!, signing.SIGNING_KEYS_CACHE_SECONDS);
  return createRotatingTokenIssuer({
    load,
    issuer: signing.JWT_ISSUER,
    audience: signing.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
});

/** Everything the session use cases (refresh, log out) need. */
export const sessionDeps = /* @__PURE__ */ once(async (): Promise<SessionDeps> => {
  const issuer = await tokenIssuer();
  return {
    users: await users(),
    tokens: { issue: (claims) => issuer.issue(claims) },
    refreshTokens,
    clock,
    newId,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
  };
});

/** Log out only revokes a refresh token: no keys, no user table reads. */
export const endSessionDeps = /* @__PURE__ */ once(async (): Promise<Pick<SessionDeps, 'refreshTokens'>> => ({ refreshTokens }));

export const logInDeps = /* @__PURE__ */ once(async (): Promise<LogInDeps> => ({
  ...(await sessionDeps()),
  hasher,
  limiter: await limiter(),
  limits: { perEmailIp: config.RATE_LOGIN_PER_EMAIL_IP, perEmail: config.RATE_LOGIN_PER_EMAIL, perIp: config.RATE_LOGIN_PER_IP },
  decoyHash: await decoyHash(),
}));

/** Read and change profiles and roles. */
export const profileDeps = /* @__PURE__ */ once(async (): Promise<UserUpdateDeps> => ({ users: await users(), clock }));

/** The signed-in identity routes (profiles, users, roles). */
export const identityRoute = /* @__PURE__ */ routeFor({ verifier: accessTokenVerifier });
