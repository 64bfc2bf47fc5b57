import * as z from 'zod';
import { baseConfigSchema, optionalString, sqsRetryConfigFields } from '#shared/config.ts';

/** The payments worker: where the provider is, how long and how often to try, and where poison messages go. */
export const paymentsConfigSchema = baseConfigSchema.extend({
  PAYMENT_PROVIDER_URL: z.url(),
  /** Offline only (the emulator's key; infra/local-only.cjs keeps it out of every deployed template). */
  PAYMENT_PROVIDER_API_KEY: optionalString,
  /** Deployed: the SecureString holding the provider's API key, read through Powertools Parameters. */
  PAYMENT_PROVIDER_API_KEY_PARAMETER: optionalString,
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(2_000),
  PAYMENT_PROVIDER_BUDGET_MS: z.coerce.number().int().min(500).max(25_000).default(8_000),
  PAYMENT_PROVIDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(6).default(3),
  PAYMENT_PROVIDER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(50).default(5),
  PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(1_000).max(300_000).default(10_000),
  /**
   * How long the provider honours an idempotency key (24 h by default, as Stripe does). A charge that may be older
   * than this (a late redrive) is looked up before it is sent again: shared/domain/payments/key-window.ts.
   */
  PAYMENT_PROVIDER_KEY_WINDOW_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(86_400),
  /** The payments queue's DLQ: the worker sends invalid messages there itself, without burning retries. */
  PAYMENTS_DLQ_URL: z.url(),
  /** The payments queue itself: a failed record's visibility is set to its backoff (ChangeMessageVisibility). */
  QUEUE_URL_PAYMENTS: z.url(),
  ...sqsRetryConfigFields,
});
export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;
