import * as z from '#shared/zod.ts';
import { baseConfigSchema, optionalUrl, sqsRetryConfigFields } from '#shared/config.ts';

/** The risk context: how long a container trusts its cached routing and models, and where poison messages go. */
export const riskConfigSchema = z.extend(baseConfigSchema, {
  /** Routing and models are read again after this long: hot updates reach every container within it (≤ 60 s promised). */
  RISK_MODEL_CACHE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(60)), 30),
  /** A registry read slower than this makes the model unavailable (review, model_unavailable). */
  RISK_REGISTRY_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(50), z.lte(5_000)), 1_000),
  /** The risk queue's DLQ (the worker only). */
  RISK_DLQ_URL: z.pipe(
    z.transform((value) => (value === '' ? undefined : value)),
    z.optional(z.url()),
  ),
  /** The risk queue itself (the worker only): a failed record's visibility is set to its backoff. */
  QUEUE_URL_RISK: optionalUrl,
  ...sqsRetryConfigFields,
});
export type RiskConfig = z.infer<typeof riskConfigSchema>;
