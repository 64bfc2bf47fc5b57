import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { anchorEvents } from '#shared/application/ledger/anchor-events.ts';
import { anchorDeps } from '#shared/composition/ledger.ts';
import { scheduledJob } from '#shared/middleware/schedule/scheduled-job.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** Scheduled: seals unanchored event hashes into a Merkle batch and anchors its root (one anchor in flight at a time). */
export const handler = scheduledJob({ name: 'anchorEvents' }, async (context) => {
  const outcome = await anchorEvents(await anchorDeps(), { owner: context.awsRequestId });
  if (outcome.action === 'sent' || outcome.action === 'replaced') metrics.addMetric('AnchorsSent', MetricUnit.Count, 1);
  if (outcome.action === 'conflict') {
    metrics.addMetric('AnchorConflicts', MetricUnit.Count, 1);
    logger.error('the chain disagrees with the ledger table', { batchId: outcome.batchId, detail: outcome.detail });
  }
  return outcome;
});
