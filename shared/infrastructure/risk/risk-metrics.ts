import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { AssessedBatch } from '#shared/application/risk/assess-orders.ts';

/**
 * Per model version and variant (dimensions `modelVersion`, `variant`): RiskScored, RiskDecisionApprove/Review/Reject,
 * RiskScore (the distribution, as values), RiskLatency (µs per order), and RiskShadowScored. Without dimensions:
 * RiskModelUnavailable, the alarm's metric, one per order decided without a model.
 */
export const riskMetricsObserver =
  (metrics: Metrics) =>
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
      const single = metrics.singleMetric();
      single.addDimensions({ modelVersion, variant });
      const deciding = records.filter((r) => !r.shadow);
      if (deciding.length > 0) single.addMetric('RiskScored', MetricUnit.Count, deciding.length);
      if (records.length > deciding.length) single.addMetric('RiskShadowScored', MetricUnit.Count, records.length - deciding.length);
      for (const decision of ['approve', 'review', 'reject'] as const) {
        const count = deciding.filter((r) => r.decision === decision).length;
        if (count > 0) single.addMetric(`RiskDecision${decision[0]!.toUpperCase()}${decision.slice(1)}`, MetricUnit.Count, count);
      }
      for (const record of records) {
        single.addMetric('RiskScore', MetricUnit.NoUnit, record.score);
        single.addMetric('RiskLatency', MetricUnit.Microseconds, record.latencyUs);
      }
      single.publishStoredMetrics();
    }
  };
