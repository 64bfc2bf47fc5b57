import * as z from '#shared/zod.ts';
import { baseConfigSchema, optionalString, sqsRetryConfigFields } from '#shared/config.ts';

/** The payments worker: where the provider is, how long and how often to try, and where poison messages go. */
export const paymentsConfigSchema = z.extend(baseConfigSchema, {
  PAYMENT_PROVIDER_URL: z.url(),
  /** Offline only (the emulator's key; infra/local-only.cjs keeps it out of every deployed template). */
  PAYMENT_PROVIDER_API_KEY: optionalString,
  /** Deployed: the SecureString holding the provider's API key, read through Powertools Parameters. */
  PAYMENT_PROVIDER_API_KEY_PARAMETER: optionalString,
  PAYMENT_PROVIDER_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(10_000)), 2_000),
  PAYMENT_PROVIDER_BUDGET_MS: z._default(z.coerce.number().check(z.int(), z.gte(500), z.lte(25_000)), 8_000),
  PAYMENT_PROVIDER_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(6)), 3),
  PAYMENT_PROVIDER_BREAKER_FAILURES: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 5),
  PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS: z._default(z.coerce.number().check(z.int(), z.gte(1_000), z.lte(300_000)), 10_000),
  /**
   * How long the provider honours an idempotency key (24 h by default, as Stripe does). A charge that may be older
   * than this (a late redrive) is looked up before it is sent again: shared/domain/payments/key-window.ts.
   */
  PAYMENT_PROVIDER_KEY_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(31_536_000)), 86_400),
  /** The payments queue's DLQ: the worker sends invalid messages there itself, without burning retries. */
  PAYMENTS_DLQ_URL: z.url(),
  /** The payments queue itself: a failed record's visibility is set to its backoff (ChangeMessageVisibility). */
  QUEUE_URL_PAYMENTS: z.url(),
  ...sqsRetryConfigFields,
});
export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;
