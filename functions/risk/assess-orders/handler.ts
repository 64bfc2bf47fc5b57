import { placedOrdersOf, placedOrderOf } from '#shared/application/risk/placed-orders.ts';
import { riskDeadLetters, riskRetry, riskWorker } from '#shared/composition/risk.ts';
import { orderEventMessageSchema } from '#shared/contracts/order-events.ts';
import { sqsWorker } from '#shared/middleware/sqs/worker.ts';
import { logger } from '#shared/observability/index.ts';

/**
 * The risk step: scores the whole batch of OrderPlaced in one vectorised call first (under the spine's deadline guard:
 * a batch whose scoring runs late is left untried and visible again at once), then records each order's decision as
 * the spine takes its record; a failure fails that record only.
 */
export const handler = sqsWorker(
  {
    schema: orderEventMessageSchema,
    deadLetters: riskDeadLetters,
    retry: riskRetry,
    // A fifth of the 30 s timeout: on a starved machine the untried batch's release and the answer took over 1.5 s.
    deadlineGuardMs: 6_000,
    prepareBatch: async (records) => (await riskWorker()).prescore(placedOrdersOf(records.map((record) => record.body))),
  },
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
