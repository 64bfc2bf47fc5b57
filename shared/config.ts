import * as z from 'zod';

export const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

/** Variables every function reads. Functions extend this with their own. */
export const baseConfigSchema = z.object({
  STAGE: z.string().min(1),
  SERVICE_VERSION: z.string().min(1).default('0.0.0'),
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(3),
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((csv) => csv.split(',').map((origin) => origin.trim()).filter(Boolean)),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once (call it at module scope, i.e. once per cold start).
 * A missing or malformed variable fails the cold start with a message that names it.
 */
export const loadConfig = <S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
};

export const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional());

/** Access-token verification, needed by every function behind a signed-in route. */
export const authConfigSchema = baseConfigSchema.extend({
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  /** Offline: a git-ignored JSON key file. In AWS: unset, and the keys come from SSM. */
  SIGNING_KEYS_FILE: optionalString,
  SIGNING_KEYS_PARAMETER: optionalString,
}).refine((env) => env.SIGNING_KEYS_FILE || env.SIGNING_KEYS_PARAMETER, {
  message: 'Set SIGNING_KEYS_FILE (offline) or SIGNING_KEYS_PARAMETER (AWS)',
  path: ['SIGNING_KEYS_PARAMETER'],
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

const rateRule = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be <limit>/<windowSeconds>, e.g. 10/900')
  .transform((rule) => {
    const [limit, windowSeconds] = rule.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  });

/** Everything the identity use cases need beyond token verification. */
export const identityConfigSchema = z.object({
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).max(90 * 86_400).default(30 * 86_400),
  /** log2 of scrypt's N; 17 is OWASP's recommendation. Lower only for fast local test runs. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(12).max(20).default(17),
  FIELD_KEYS_FILE: optionalString,
  FIELD_KMS_KEY_ID: optionalString,
  RATE_LOGIN_PER_EMAIL: rateRule.default({ limit: 10, windowSeconds: 900 }),
  RATE_LOGIN_PER_IP: rateRule.default({ limit: 50, windowSeconds: 900 }),
  RATE_REGISTER_PER_IP: rateRule.default({ limit: 20, windowSeconds: 3600 }),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
