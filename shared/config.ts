import * as z from '#shared/zod.ts';

/** An optional variable that serverless.yml may set to '' when it is not configured. */
export const optionalString = z.pipe(
  z.transform((value) => (value === '' ? undefined : value)),
  z.optional(z.string().check(z.minLength(1))),
);
export const optionalUrl = z.pipe(
  z.transform((value) => (value === '' ? undefined : value)),
  z.optional(z.url()),
);

/**
 * Variables every function reads. Each context extends it in `shared/config/<context>.ts`.
 * CORS is not here: API Gateway answers it (see provider.httpApi.cors in serverless.yml).
 */
export const baseConfigSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  SERVICE_VERSION: z._default(z.string().check(z.minLength(1)), '0.0.0'),
  AWS_REGION: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(3)),
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * An SQS worker's per-record backoff (shared/middleware/sqs/backoff.ts): the first retry after about
 * SQS_RETRY_BASE_SECONDS, doubling up to SQS_RETRY_MAX_SECONDS. Spread into a worker context's schema.
 */
export const sqsRetryConfigFields = {
  SQS_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 2),
  SQS_RETRY_MAX_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(43_200)), 40),
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once (call it at module scope, i.e. once per cold start).
 * A missing or malformed variable fails the cold start with a message that names it.
 */
export const loadConfig = <S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
};

const seconds = z.coerce.number().check(z.int(), z.gte(1), z.lte(3600));

/** Access-token verification, needed by every function behind a signed-in route: public keys only. */
export const authConfigSchema = z
  .extend(baseConfigSchema, {
    JWT_ISSUER: z.string().check(z.minLength(1)),
    JWT_AUDIENCE: z.string().check(z.minLength(1)),
    /** Offline: the public JWKS file the local stack writes beside the signing keys. In AWS: unset. */
    JWKS_FILE: optionalString,
    /** In AWS: the plain String parameter holding the public JWKS (`npm run keys` writes it). */
    JWKS_PARAMETER: optionalString,
    /** How long a container reuses the public keys before reading them again (an unknown kid reads at once). */
    JWKS_CACHE_SECONDS: z._default(seconds, 300),
  })
  .check(
    z.refine((env) => env.JWKS_FILE || env.JWKS_PARAMETER, {
      message: 'Set JWKS_FILE (offline) or JWKS_PARAMETER (AWS)',
      path: ['JWKS_PARAMETER'],
    }),
  );
export type AuthConfig = z.infer<typeof authConfigSchema>;

/** Access-token signing: only the functions that issue tokens (log in, refresh) parse this or hold the keys. */
export const signingConfigSchema = z
  .extend(baseConfigSchema, {
    JWT_ISSUER: z.string().check(z.minLength(1)),
    JWT_AUDIENCE: z.string().check(z.minLength(1)),
    /** Offline: a git-ignored JSON key file. In AWS: unset, and the keys come from SSM. */
    SIGNING_KEYS_FILE: optionalString,
    /** In AWS: the SecureString holding the private key set. */
    SIGNING_KEYS_PARAMETER: optionalString,
    /** How long a container signs with the key set it read before reading it again (rotation reaches it within this). */
    SIGNING_KEYS_CACHE_SECONDS: z._default(seconds, 300),
  })
  .check(
    z.refine((env) => env.SIGNING_KEYS_FILE || env.SIGNING_KEYS_PARAMETER, {
      message: 'Set SIGNING_KEYS_FILE (offline) or SIGNING_KEYS_PARAMETER (AWS)',
      path: ['SIGNING_KEYS_PARAMETER'],
    }),
  );
export type SigningConfig = z.infer<typeof signingConfigSchema>;
