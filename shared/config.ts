import * as z from 'zod';

const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

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
