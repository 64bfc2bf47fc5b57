import type { ScoreLog, ScoreRecord } from '../ports.ts';

const keyOf = (r: Pick<ScoreRecord, 'version' | 'scoredAt' | 'orderId'>) => `${r.version}|${r.scoredAt}|${r.orderId}`;

/** Score records in memory, for unit tests. */
export class InMemoryScoreLog implements ScoreLog {
  readonly records = new Map<string, ScoreRecord>();

  async record(records: readonly ScoreRecord[]): Promise<void> {
    for (const record of records) this.records.set(keyOf(record), { ...record });
  }

  async since(version: number, since: string, limit: number): Promise<ScoreRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.version === version && r.scoredAt >= since)
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }

  async label(records: ReadonlyArray<Pick<ScoreRecord, 'version' | 'scoredAt' | 'orderId'>>, fraud: boolean): Promise<void> {
    for (const key of records) {
      const stored = this.records.get(keyOf(key));
      if (stored) stored.fraud = fraud;
    }
  }
}
