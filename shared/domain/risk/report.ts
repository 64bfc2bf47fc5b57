import { RISK_DECISIONS, type RiskDecision } from './model-document.ts';
import type { ScoreRecord } from './ports.ts';

export interface VersionReport {
  /** Orders this version decided, and orders it scored in shadow. */
  scored: number;
  shadowScored: number;
  decisions: Record<RiskDecision, number>;
  decisionRates: Record<RiskDecision, number>;
  scoreQuantiles: { p10: number; p50: number; p90: number; p99: number } | null;
  latencyUs: { p50: number; p99: number } | null;
  /** Over labelled records: an order counts as flagged when the version said review or reject. */
  labelled: number;
  precision: number | null;
  recall: number | null;
}

/** Nearest-rank quantile of a sorted array (q in 0..1). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

const zeroes = (): Record<RiskDecision, number> => ({ approve: 0, review: 0, reject: 0 });

/** Summarises one version's records: deciding and shadow alike feed scores, latency and labels. */
export const summariseVersion = (records: readonly ScoreRecord[]): VersionReport => {
  const deciding = records.filter((r) => !r.shadow);
  const decisions = zeroes();
  for (const r of records) decisions[r.decision] += 1;
  const total = records.length;
  const decisionRates = zeroes();
  for (const d of RISK_DECISIONS) decisionRates[d] = total === 0 ? 0 : decisions[d] / total;
  const scores = records.map((r) => r.score).sort((a, b) => a - b);
  const latency = records.map((r) => r.latencyUs).sort((a, b) => a - b);
  const labelled = records.filter((r) => r.fraud !== undefined);
  const flagged = labelled.filter((r) => r.decision !== 'approve');
  const truePositives = flagged.filter((r) => r.fraud).length;
  const frauds = labelled.filter((r) => r.fraud).length;
  return {
    scored: deciding.length,
    shadowScored: total - deciding.length,
    decisions,
    decisionRates,
    scoreQuantiles:
      total === 0
        ? null
        : { p10: quantile(scores, 0.1), p50: quantile(scores, 0.5), p90: quantile(scores, 0.9), p99: quantile(scores, 0.99) },
    latencyUs: total === 0 ? null : { p50: quantile(latency, 0.5), p99: quantile(latency, 0.99) },
    labelled: labelled.length,
    precision: flagged.length === 0 ? null : truePositives / flagged.length,
    recall: frauds === 0 ? null : truePositives / frauds,
  };
};
