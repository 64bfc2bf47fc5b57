import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AssessedBatch } from '#shared/application/risk/assess-orders.ts';

/**
 * Per model version and variant (dimensions `modelVersion`, `variant`): RiskScored, RiskDecisionApprove/Review/Reject,
 * RiskScore (the distribution, as values), RiskLatency (µs per order), and RiskShadowScored. Without dimensions:
 * RiskModelUnavailable, the alarm's metric, one per order decided without a model.
 *
 * Each version's group goes out as one EMF record of its own (`scoped`, a fresh Metrics per group): Powertools'
 * `singleMetric()` publishes on every addMetric and drops the dimensions after the first, and the handler's
 * `metrics` must keep its own metrics and dimensions. A group holds at most one SQS batch (10 orders, 20 scores with
 * shadows), below Powertools' 100 values per metric, past which it would flush early.
 */
export const riskMetricsObserver =
  (metrics: Metrics, scoped: () => Metrics = () => new Metrics()) =>
  (batch: AssessedBatch): void => {
    const unavailable = batch.assessments.filter((a) => a.reasons[0] === 'model_unavailable').length;
    if (unavailable > 0) metrics.addMetric('RiskModelUnavailable', MetricUnit.Count, unavailable);
    const groups = new Map<string, typeof batch.records>();
    for (const record of batch.records) {
      const key = `${record.version}|${record.variant}`;
      groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    for (const [key, records] of groups) {
      const [modelVersion, variant] = key.split('|') as [string, string];
      const group = scoped();
      group.addDimensions({ modelVersion, variant });
      const deciding = records.filter((r) => !r.shadow);
      if (deciding.length > 0) group.addMetric('RiskScored', MetricUnit.Count, deciding.length);
      if (records.length > deciding.length) group.addMetric('RiskShadowScored', MetricUnit.Count, records.length - deciding.length);
      for (const decision of ['approve', 'review', 'reject'] as const) {
        const count = deciding.filter((r) => r.decision === decision).length;
        if (count > 0) group.addMetric(`RiskDecision${decision[0]!.toUpperCase()}${decision.slice(1)}`, MetricUnit.Count, count);
      }
      for (const record of records) {
        group.addMetric('RiskScore', MetricUnit.NoUnit, record.score);
        group.addMetric('RiskLatency', MetricUnit.Microseconds, record.latencyUs);
      }
      group.publishStoredMetrics();
    }
  };
