import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { notifyOrderUpdates } from '#shared/application/notifications/notify-order-updates.ts';
import { fanOutDeps, notificationsDeadLetters } from '#shared/composition/notifications.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** The notifications worker: every order event becomes one `order.updated` frame for its owner and orders:all followers. */
export const handler = sqsWorker({ schema: orderEventMessageSchema, deadLetters: notificationsDeadLetters }, async (event) => {
  const result = await notifyOrderUpdates(await fanOutDeps(), event);
  metrics.addMetric('FramesSent', MetricUnit.Count, result.sent);
  metrics.addMetric('GoneConnections', MetricUnit.Count, result.gone);
  metrics.addMetric('FanOutLatency', MetricUnit.Milliseconds, result.latencyMs);
  logger.info('order update pushed', { eventId: event.eventId, orderId: event.orderId, version: event.version, ...result });
});
