import { baseConfigSchema, loadConfig, paymentsConfigSchema } from '#shared/config.ts';
import type { PaymentDeps } from '#shared/application/payments/payment-deps.ts';
import { dynamoClient, orderDeps as ordersDeps } from '#shared/composition/orders.ts';
import { documentClientOf } from '#shared/infrastructure/dynamodb/client.ts';
import { createHttpPaymentProvider } from '#shared/infrastructure/payments/http-payment-provider.ts';
import { dynamoPaymentRepository } from '#shared/infrastructure/payments/payment-repository.ts';

// The payments composition root: built once per container, so the provider's breaker and the SDK connections are
// shared by every invocation the container serves.
export const paymentsConfig = loadConfig(baseConfigSchema.extend(paymentsConfigSchema.shape));
const config = paymentsConfig;

export const paymentProvider = createHttpPaymentProvider({
  baseUrl: config.PAYMENT_PROVIDER_URL,
  apiKey: config.PAYMENT_PROVIDER_API_KEY,
  attemptTimeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
  budgetMs: config.PAYMENT_PROVIDER_BUDGET_MS,
  maxAttempts: config.PAYMENT_PROVIDER_MAX_ATTEMPTS,
  breaker: { consecutiveFailures: config.PAYMENT_PROVIDER_BREAKER_FAILURES, halfOpenAfterMs: config.PAYMENT_PROVIDER_BREAKER_HALF_OPEN_MS },
});

export { dynamoClient };

// orders.ts now builds its deps lazily (once getter); resolved here until payments gets its own order adapter.
const orderDeps = await ordersDeps();

/** Everything but the provider's deadline, which each invocation binds with `paymentProvider.withDeadline`. */
export const paymentDeps: Omit<PaymentDeps, 'provider'> = {
  payments: dynamoPaymentRepository({ client: documentClientOf(dynamoClient), tableName: config.TABLE_NAME, clock: orderDeps.clock }),
  orders: orderDeps,
};
