import * as z from 'zod';
import { baseConfigSchema, optionalString } from '#shared/config.ts';

const rateRule = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be <limit>/<windowSeconds>, e.g. 10/900')
  .transform((rule) => {
    const [limit, windowSeconds] = rule.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  });

/** Everything the identity use cases need beyond token verification (which `authConfigSchema` covers). */
export const identityConfigSchema = baseConfigSchema.extend({
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .max(90 * 86_400)
    .default(30 * 86_400),
  /** log2 of scrypt's N; 17 is OWASP's recommendation. Lower only for fast local test runs. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(12).max(20).default(17),
  FIELD_KEYS_FILE: optionalString,
  FIELD_KMS_KEY_ID: optionalString,
  /** Login attempts at one email from one source IP: the guessing limit. */
  RATE_LOGIN_PER_EMAIL_IP: rateRule.default({ limit: 10, windowSeconds: 900 }),
  /** Login attempts at one email from all IPs together: a ceiling for distributed guessing, far above the owner's use. */
  RATE_LOGIN_PER_EMAIL: rateRule.default({ limit: 100, windowSeconds: 900 }),
  RATE_LOGIN_PER_IP: rateRule.default({ limit: 50, windowSeconds: 900 }),
  RATE_REGISTER_PER_IP: rateRule.default({ limit: 20, windowSeconds: 3600 }),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
