import * as z from 'zod';
import { processPaymentEvent } from '#shared/application/payments/process-payment-event.ts';
import { dynamoClient, paymentDeps, paymentProvider, paymentsConfig as config } from '#shared/composition/payments.ts';
import { ORDER_EVENT_TYPES, type OrderEventType } from '#shared/domain/orders/order.ts';
import { idempotentByEventId } from '#shared/infrastructure/payments/idempotent-payment-event.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger } from '#shared/observability/index.ts';

/** The envelope functions/events/publish-events sends; the saga reads only these fields. */
const orderEventMessage = z.object({
  eventId: z.string().min(1).max(64),
  type: z.string().refine((type): type is OrderEventType => (ORDER_EVENT_TYPES as readonly string[]).includes(type), 'not an order event type'),
  orderId: z.string().min(1).max(64),
  version: z.number().int().positive(),
});

const processOnce = idempotentByEventId(
  { client: dynamoClient, tableName: config.TABLE_NAME, name: 'processPayments' },
  (event: z.infer<typeof orderEventMessage> & { correlationId: string }, remainingMs: () => number) =>
    processPaymentEvent({ ...paymentDeps, provider: paymentProvider.withDeadline(remainingMs) }, event),
);

/** The payments saga's worker: charges on OrderPlaced and refunds on OrderCancelled, once per event and per order. */
export const handler = sqsWorker({ schema: orderEventMessage, deadlineGuardMs: 3_000 }, async (message, { correlationId, lambdaContext }) => {
  const event = { eventId: message.eventId, type: message.type, orderId: message.orderId, version: message.version, correlationId };
  const outcome = await processOnce(event, () => lambdaContext.getRemainingTimeInMillis(), lambdaContext);
  logger.info('payment event processed', { eventId: event.eventId, type: event.type, orderId: event.orderId, outcome });
});
