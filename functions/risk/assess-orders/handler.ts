import type { Context, SQSEvent } from 'aws-lambda';
import { placedOrdersOf, placedOrderOf } from '#shared/application/risk/placed-orders.ts';
import { riskDeadLetters, riskRetry, riskWorker } from '#shared/composition/risk.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger } from '#shared/observability/index.ts';

/** Records each order's decision as the spine takes its record; a failure fails that record only. */
const perRecord = sqsWorker(
  { schema: orderEventMessageSchema, deadLetters: riskDeadLetters, retry: riskRetry },
  async (message, { correlationId }) => {
    const assessment = await (await riskWorker()).commit(placedOrderOf(message), correlationId);
    logger.info('order risk assessed', {
      orderId: assessment.orderId,
      decision: assessment.decision,
      modelVersion: assessment.modelVersion,
      variant: assessment.variant,
    });
  },
);

/** The risk step: scores the whole batch of OrderPlaced in one vectorised call first, then commits per record. */
export const handler = async (event: SQSEvent, context: Context) => {
  await (await riskWorker()).prescore(placedOrdersOf(event.Records.map((record) => record.body)));
  return perRecord(event, context);
};
