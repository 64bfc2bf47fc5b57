import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reconcileOrders } from '#shared/application/events/reconcile-orders.ts';
import { eventsConfig, reconcileOrdersDeps } from '#shared/composition/events.ts';
import { scheduledJob } from '#shared/middleware/schedule/scheduled-job.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** Scheduled: publishes again the events of orders unclaimed by the saga ORDER_RECONCILE_AFTER_SECONDS after placing. */
export const handler = scheduledJob({ name: 'reconcileOrders' }, async () => {
  const outcome = await reconcileOrders(await reconcileOrdersDeps(), {
    afterSeconds: eventsConfig.ORDER_RECONCILE_AFTER_SECONDS,
    limit: 100,
  });
  metrics.addMetric('OrdersRepublished', MetricUnit.Count, outcome.republished.length);
  if (outcome.republished.length > 0)
    logger.warn('orders unclaimed by the saga: events published again', { orderIds: outcome.republished });
  if (outcome.failed.length > 0) logger.error('orders whose events could not be published again', { orderIds: outcome.failed });
  return { checked: outcome.checked, republished: outcome.republished.length, failed: outcome.failed.length };
});
