import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssessedBatch, OrderAssessment } from '#shared/application/risk/assess-orders.ts';
import type { ScoreRecord } from '#shared/domain/risk/ports.ts';
import { riskMetricsObserver } from './risk-metrics.ts';

// The test environment turns metrics off (POWERTOOLS_DEV); here they are on, and with POWERTOOLS_DEV Powertools writes
// its EMF records through the global console, so the test reads exactly what CloudWatch would.
interface EmfRecord {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

let emitted: EmfRecord[];
const newMetrics = () => new Metrics({ namespace: 'Test', serviceName: 'risk' });

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  emitted = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    emitted.push(JSON.parse(String(line)) as EmfRecord);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const aRecord = (overrides: Partial<ScoreRecord>): ScoreRecord => ({
  orderId: 'o1',
  version: 1,
  variant: 'champion',
  shadow: false,
  score: 0.1,
  decision: 'approve',
  latencyUs: 5,
  scoredAt: '2026-12-01T06:00:00.000Z',
  ...overrides,
});
const anAssessment = (overrides: Partial<OrderAssessment>): OrderAssessment => ({
  orderId: 'o1',
  decision: 'approve',
  score: 0.1,
  modelVersion: 1,
  variant: 'champion',
  reasons: [],
  scoredAt: '2026-12-01T06:00:00.000Z',
  ...overrides,
});
const withDimensions = (dimensions: Record<string, string>) =>
  emitted.filter((record) => Object.entries(dimensions).every(([name, value]) => record[name] === value));
const metricNames = (record: EmfRecord) => record._aws.CloudWatchMetrics[0]!.Metrics.map((metric) => metric.Name).sort();

describe('risk metrics observer', () => {
  it('emits one record per model version and variant, every metric of it under that version and variant', () => {
    const batch: AssessedBatch = {
      assessments: [],
      records: [
        aRecord({ orderId: 'o1', score: 0.1, decision: 'approve', latencyUs: 4 }),
        aRecord({ orderId: 'o2', score: 0.5, decision: 'review', latencyUs: 6 }),
        aRecord({ orderId: 'o3', score: 0.9, decision: 'reject', latencyUs: 8 }),
        aRecord({ orderId: 'o1', version: 2, variant: 'challenger', shadow: true, score: 0.2, latencyUs: 3 }),
      ],
      unavailable: [],
    };

    riskMetricsObserver(newMetrics(), newMetrics)(batch);

    expect(emitted).toHaveLength(2);
    const [champion] = withDimensions({ modelVersion: '1', variant: 'champion' });
    expect(champion!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([expect.arrayContaining(['modelVersion', 'variant'])]);
    expect(metricNames(champion!)).toEqual([
      'RiskDecisionApprove',
      'RiskDecisionReject',
      'RiskDecisionReview',
      'RiskLatency',
      'RiskScore',
      'RiskScored',
    ]);
    expect(champion).toMatchObject({
      RiskScored: 3,
      RiskDecisionApprove: 1,
      RiskDecisionReview: 1,
      RiskDecisionReject: 1,
      RiskScore: [0.1, 0.5, 0.9],
      RiskLatency: [4, 6, 8],
    });
    const [shadow] = withDimensions({ modelVersion: '2', variant: 'challenger' });
    expect(metricNames(shadow!)).toEqual(['RiskLatency', 'RiskScore', 'RiskShadowScored']);
    expect(shadow).toMatchObject({ RiskShadowScored: 1, RiskScore: 0.2, RiskLatency: 3 });
  });

  it("adds RiskModelUnavailable, without dimensions, to the handler's own metrics, which it leaves unpublished", () => {
    const handlerMetrics = newMetrics();
    handlerMetrics.addMetric('Processed', 'Count', 3);
    const batch: AssessedBatch = {
      assessments: [
        anAssessment({ orderId: 'o1', decision: 'review', score: null, reasons: ['model_unavailable'], unavailable: 'missing' }),
        anAssessment({ orderId: 'o2', decision: 'review', score: null, reasons: ['model_unavailable'], unavailable: 'missing' }),
        anAssessment({ orderId: 'o3' }),
      ],
      records: [aRecord({ orderId: 'o3' })],
      unavailable: [{ version: 7, problem: 'missing' }],
    };

    riskMetricsObserver(handlerMetrics, newMetrics)(batch);
    expect(emitted.map(metricNames)).toEqual([['RiskDecisionApprove', 'RiskLatency', 'RiskScore', 'RiskScored']]);
    handlerMetrics.publishStoredMetrics();

    const handlerRecord = emitted[1]!;
    expect(handlerRecord).toMatchObject({ Processed: 3, RiskModelUnavailable: 2 });
    expect(handlerRecord._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
  });

  it('emits nothing for a batch with nothing scored and no model missing', () => {
    riskMetricsObserver(newMetrics(), newMetrics)({ assessments: [], records: [], unavailable: [] });

    expect(emitted).toEqual([]);
  });
});
