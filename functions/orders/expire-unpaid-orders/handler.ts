import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { expireUnpaidOrders } from '#shared/application/orders/expire-unpaid-orders.ts';
import { expireUnpaidOrdersDeps, ordersConfig } from '#shared/composition/orders.ts';
import { scheduledJob } from '#shared/middleware/schedule/scheduled-job.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** Scheduled: cancels every order left unpaid past ORDER_PAYMENT_DEADLINE_SECONDS (`payment_timeout`, stock released). */
export const handler = scheduledJob({ name: 'expireUnpaidOrders' }, async () => {
  const outcome = await expireUnpaidOrders(await expireUnpaidOrdersDeps(), {
    deadlineSeconds: ordersConfig.ORDER_PAYMENT_DEADLINE_SECONDS,
    limit: 200,
  });
  metrics.addMetric('OrdersExpiredUnpaid', MetricUnit.Count, outcome.expired.length);
  if (outcome.failed.length > 0) logger.error('orders past the payment deadline could not be cancelled', { orderIds: outcome.failed });
  return { checked: outcome.checked, expired: outcome.expired.length, failed: outcome.failed.length };
});
