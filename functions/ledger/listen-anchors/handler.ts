import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { listenAnchors } from '#shared/application/ledger/listen-anchors.ts';
import { listenDeps } from '#shared/composition/ledger.ts';
import { scheduledJob } from '#shared/middleware/schedule/scheduled-job.ts';
import { logger, metrics } from '#shared/observability/index.ts';

/** Scheduled: reads Anchored logs below the confirmation depth, confirms batches, sends reorganised ones back to pending. */
export const handler = scheduledJob({ name: 'listenAnchors' }, async () => {
  const outcome = await listenAnchors(await listenDeps());
  metrics.addMetric('AnchorsConfirmed', MetricUnit.Count, outcome.confirmed.length);
  if (outcome.reorged.length > 0) metrics.addMetric('AnchorsReorged', MetricUnit.Count, outcome.reorged.length);
  for (const conflict of outcome.conflicts) logger.error('an Anchored log does not match the ledger table', { conflict });
  return outcome;
});
