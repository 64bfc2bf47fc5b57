import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { notifyOrderUpdate } from '#shared/application/notifications/notify-order-update.ts';
import { notificationMessage } from '#shared/application/notifications/schemas.ts';
import { fanOutDeps } from '#shared/composition/notifications.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** The notifications worker: every order event becomes one `order.updated` frame for its owner and orders:all followers. */
export const handler = sqsWorker({ schema: notificationMessage }, async (event) => {
  const result = await notifyOrderUpdate(await fanOutDeps(), event);
  metrics.addMetric('FramesSent', MetricUnit.Count, result.sent);
  metrics.addMetric('GoneConnections', MetricUnit.Count, result.gone);
  metrics.addMetric('FanOutLatency', MetricUnit.Milliseconds, result.latencyMs);
  logger.info('order update pushed', { eventId: event.eventId, orderId: event.orderId, version: event.version, ...result });
});
