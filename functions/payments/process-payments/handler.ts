import { processPaymentsOnce, paymentsDeadLetters, paymentsRetry } from '#shared/composition/payments.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { sentAtOf } from '#shared/middleware/sqs/records.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger } from '#shared/observability/index.ts';

/** The payments saga's worker: charges on OrderPlaced and refunds on OrderCancelled, once per event and per order. */
export const handler = sqsWorker(
  { schema: orderEventMessageSchema, deadLetters: paymentsDeadLetters, retry: paymentsRetry, deadlineGuardMs: 3_000 },
  async ({ eventId, type, orderId, version }, { correlationId, lambdaContext, record }) => {
    const sentAt = sentAtOf(record);
    const outcome = await (await processPaymentsOnce())({ eventId, type, orderId, correlationId, sentAt }, lambdaContext);
    logger.info('payment event processed', { eventId, type, orderId, version, outcome });
  },
);
