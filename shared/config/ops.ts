import * as z from '#shared/zod.ts';
import { baseConfigSchema } from '#shared/config.ts';

/** What every operations endpoint reads (health, the catch-all 404, the test-stage probes). */
export const opsConfigSchema = baseConfigSchema;
export type OpsConfig = z.infer<typeof opsConfigSchema>;

/**
 * What the deep health check reads on top. Only the healthDeep function has HEALTH_QUEUE_URL, so this is parsed
 * when its checks are first built, not at every ops function's cold start.
 */
export const deepHealthConfigSchema = z.extend(opsConfigSchema, {
  HEALTH_QUEUE_URL: z.url(),
  PAYMENT_PROVIDER_URL: z.url(),
  HEALTH_CHECK_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(5_000)), 1_500),
});
export type DeepHealthConfig = z.infer<typeof deepHealthConfigSchema>;
