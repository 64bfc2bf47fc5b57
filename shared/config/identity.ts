import * as z from '#shared/zod.ts';
import { baseConfigSchema, optionalString } from '#shared/config.ts';

const rateRule = z.pipe(
  z.string().check(z.regex(/^\d+\/\d+$/, 'must be <limit>/<windowSeconds>, e.g. 10/900')),
  z.transform((rule: string) => {
    const [limit, windowSeconds] = rule.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  }),
);

/** Everything the identity use cases need beyond token verification (which `authConfigSchema` covers). */
export const identityConfigSchema = z.extend(baseConfigSchema, {
  ACCESS_TOKEN_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(900)), 900),
  REFRESH_TOKEN_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(3600), z.lte(90 * 86_400)), 30 * 86_400),
  /** log2 of scrypt's N; 17 is OWASP's recommendation. Lower only for fast local test runs. */
  PASSWORD_SCRYPT_LOG_N: z._default(z.coerce.number().check(z.int(), z.gte(12), z.lte(20)), 17),
  FIELD_KEYS_FILE: optionalString,
  FIELD_KMS_KEY_ID: optionalString,
  /** Login attempts at one email from one source IP: the guessing limit. */
  RATE_LOGIN_PER_EMAIL_IP: z._default(rateRule, { limit: 10, windowSeconds: 900 }),
  /** Login attempts at one email from all IPs together: a ceiling for distributed guessing, far above the owner's use. */
  RATE_LOGIN_PER_EMAIL: z._default(rateRule, { limit: 100, windowSeconds: 900 }),
  RATE_LOGIN_PER_IP: z._default(rateRule, { limit: 50, windowSeconds: 900 }),
  RATE_REGISTER_PER_IP: z._default(rateRule, { limit: 20, windowSeconds: 3600 }),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
