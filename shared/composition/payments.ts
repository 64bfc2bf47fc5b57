import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import type { PaymentDeps, PaymentOutcome } from '#shared/application/payments/payment-deps.ts';
import { processPayments, type PaymentEvent } from '#shared/application/payments/process-payments.ts';
import { loadConfig } from '#shared/config.ts';
import { paymentsConfigSchema } from '#shared/config/payments.ts';
import type { DeadLetterQueue } from '#shared/domain/messaging/ports.ts';
import type { RecordRetry } from '#shared/middleware/sqs/backoff.ts';
import { systemClock } from '#shared/domain/clock.ts';
import { dynamoOrderRepository } from '#shared/infrastructure/orders/dynamo-order-repository.ts';
import { dynamoProductReader } from '#shared/infrastructure/orders/dynamo-product-reader.ts';
import { createHttpPaymentProvider } from '#shared/infrastructure/payments/http-payment-provider.ts';
import { dynamoPaymentRepository } from '#shared/infrastructure/payments/payment-repository.ts';
import { secureParameter } from '#shared/infrastructure/secrets/secure-parameter.ts';
import { sqsDeadLetterQueue } from '#shared/infrastructure/sqs/dead-letter-queue.ts';
import { sqsMessageVisibility } from '#shared/infrastructure/sqs/message-visibility.ts';
import { documentClientFor, sqsClientFor } from './aws.ts';
import { once } from './memo.ts';

// The payments composition root. Built once per container, so the provider's breaker and the SDK connections are
// shared by every invocation the container serves. It wires its own order reader/writer: payments never loads the
// orders context's configuration.
export const paymentsConfig = loadConfig(paymentsConfigSchema);
const config = paymentsConfig;
const tableName = config.TABLE_NAME;

/**
 * Runs the saga for one event, the provider and the PAYMENT item's lease bounded by the invocation's deadline. No
 * record per event id: the PAYMENT item (its conditional claim, transitions and lease) and the order's version and
 * status make every delivery of an event, duplicate or redriven, resume or do nothing (payment-lease.ts, charge-order.ts).
 */
export const processPaymentsOnce = /* @__PURE__ */ once(async () => {
  const documents = documentClientFor(config);
  const clock = systemClock;
  const provider = createHttpPaymentProvider({
    baseUrl: config.PAYMENT_PROVIDER_URL,
    apiKey:
      config.PAYMENT_PROVIDER_API_KEY ??
      (config.PAYMENT_PROVIDER_API_KEY_PARAMETER && secureParameter(config.PAYMENT_PROVIDER_API_KEY_PARAMETER)),
    attemptTimeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
    budgetMs: config.PAYMENT_PROVIDER_BUDGET_MS,
    maxAttempts: config.PAYMENT_PROVIDER_MAX_ATTEMPTS,
    breaker: {
      consecutiveFailures: config.PAYMENT_PROVIDER_BREAKER_FAILURES,
      halfOpenAfterMs: config.PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS,
    },
  });
  const deps: Omit<PaymentDeps, 'provider'> = {
    payments: dynamoPaymentRepository({ client: documents, tableName, clock }),
    orders: {
      orders: dynamoOrderRepository({ client: documents, tableName, clock }),
      products: dynamoProductReader({ client: documents, tableName }),
      clock,
      newId: () => ulid(),
    },
    providerKeyWindowSeconds: config.PAYMENT_PROVIDER_KEY_WINDOW_SECONDS,
  };
  return (event: PaymentEvent, lambdaContext: Pick<Context, 'getRemainingTimeInMillis'>): Promise<PaymentOutcome> => {
    const remainingTimeMs = () => lambdaContext.getRemainingTimeInMillis();
    return processPayments({ ...deps, provider: provider.withDeadline(remainingTimeMs), remainingTimeMs }, event);
  };
});

/** The payments queue's DLQ, where the worker sends messages it can never process. */
export const paymentsDeadLetters = /* @__PURE__ */ once(async (): Promise<DeadLetterQueue> =>
  sqsDeadLetterQueue(sqsClientFor(config), config.PAYMENTS_DLQ_URL),
);

/** Per-record backoff on the payments queue: a provider failing 30% of calls delays an order by seconds. */
export const paymentsRetry: RecordRetry = {
  visibility: /* @__PURE__ */ once(async () => sqsMessageVisibility(sqsClientFor(config), config.QUEUE_URL_PAYMENTS)),
  schedule: { baseSeconds: config.SQS_RETRY_BASE_SECONDS, maxSeconds: config.SQS_RETRY_MAX_SECONDS },
};
