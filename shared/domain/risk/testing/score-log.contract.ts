import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { ScoreLog, ScoreRecord } from '../ports.ts';

/** Versions are random per test so that the contract runs against a shared table. */
const aVersion = () => 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
const aRecord = (version: number, scoredAt: string, overrides: Partial<ScoreRecord> = {}): ScoreRecord => ({
  orderId: ulid(),
  version,
  variant: 'champion',
  shadow: false,
  score: 0.1,
  decision: 'approve',
  latencyUs: 12,
  scoredAt,
  ...overrides,
});

/** The ScoreLog contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeScoreLogContract = (name: string, makeLog: () => ScoreLog) =>
  describe(`${name} honours the ScoreLog contract`, () => {
    it("returns a version's records from a time on, oldest first, up to the limit", async () => {
      const log = makeLog();
      const version = aVersion();
      const records = ['2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z', '2026-03-01T12:00:00.000Z'].map((at) =>
        aRecord(version, at),
      );
      await log.record([...records, aRecord(version + 1, '2026-03-01T11:30:00.000Z')]);

      expect(await log.since(version, '2026-03-01T10:30:00.000Z', 10)).toEqual(records.slice(1));
      expect(await log.since(version, '2026-01-01T00:00:00.000Z', 2)).toEqual(records.slice(0, 2));
    });

    it('keeps a shadow record apart from the deciding one', async () => {
      const log = makeLog();
      const version = aVersion();
      const shadow = aRecord(version, '2026-03-01T10:00:00.000Z', { variant: 'challenger', shadow: true, score: 0.9, decision: 'reject' });
      await log.record([shadow]);

      expect(await log.since(version, '2026-03-01T00:00:00.000Z', 10)).toEqual([shadow]);
    });

    it('labels the records it is given and leaves the others alone', async () => {
      const log = makeLog();
      const version = aVersion();
      const [a, b] = [aRecord(version, '2026-03-01T10:00:00.000Z'), aRecord(version, '2026-03-01T10:00:01.000Z')];
      await log.record([a!, b!]);

      await log.label([a!], true);
      await log.label([{ version, scoredAt: '2026-03-01T09:00:00.000Z', orderId: 'unknown' }], false);

      expect(await log.since(version, '2026-03-01T00:00:00.000Z', 10)).toEqual([{ ...a, fraud: true }, b]);
    });
  });
