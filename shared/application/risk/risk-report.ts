import type { ModelRegistry, ScoreLog } from '#shared/domain/risk/ports.ts';
import { summariseVersion, type VersionReport } from '#shared/domain/risk/report.ts';

/** At most this many records are read per version: the report says when it stopped early. */
export const REPORT_RECORD_LIMIT = 10_000;

export interface RiskReport {
  since: string;
  items: Array<VersionReport & { version: number; name: string; truncated: boolean }>;
}

/** Per model version since a time: orders scored, decisions, score quantiles, latency, precision/recall over labels. */
export const riskReport = async (deps: { registry: ModelRegistry; log: ScoreLog }, since: string): Promise<RiskReport> => {
  const versions = await deps.registry.list();
  const items = await Promise.all(
    versions.map(async ({ version, name }) => {
      const records = await deps.log.since(version, since, REPORT_RECORD_LIMIT);
      return { version, name, truncated: records.length >= REPORT_RECORD_LIMIT, ...summariseVersion(records) };
    }),
  );
  return { since, items };
};
