import * as z from 'zod';
import { baseConfigSchema, optionalUrl, sqsRetryConfigFields } from '#shared/config.ts';

/** The risk context: how long a container trusts its cached routing and models, and where poison messages go. */
export const riskConfigSchema = baseConfigSchema.extend({
  /** Routing and models are read again after this long: hot updates reach every container within it (≤ 60 s promised). */
  RISK_MODEL_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  /** A registry read slower than this makes the model unavailable (review, model_unavailable). */
  RISK_REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(50).max(5_000).default(1_000),
  /** The risk queue's DLQ (the worker only). */
  RISK_DLQ_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
  /** The risk queue itself (the worker only): a failed record's visibility is set to its backoff. */
  QUEUE_URL_RISK: optionalUrl,
  ...sqsRetryConfigFields,
});
export type RiskConfig = z.infer<typeof riskConfigSchema>;
