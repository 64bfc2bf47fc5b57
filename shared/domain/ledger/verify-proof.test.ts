import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { buildProof } from './testing/proof-mother.ts';
import { verifyProof, type RootReader } from './verify-proof.ts';

const chainOf =
  (built: ReturnType<typeof buildProof>): RootReader =>
  async (batchId) =>
    built.batches.get(batchId)?.root ?? null;
const flip = (hex: string, at = 10): string => `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;

describe('verifying a saved order proof against the chain', () => {
  it('accepts every event of an intact, anchored proof', async () => {
    const built = buildProof();

    const verdicts = await verifyProof(built.document, chainOf(built));

    expect(verdicts.map(({ version, ok }) => ({ version, ok }))).toEqual([
      { version: 1, ok: true },
      { version: 2, ok: true },
      { version: 3, ok: true },
    ]);
  });

  type Doc = ReturnType<typeof buildProof>['document'];
  it.each<[string, (doc: Doc) => void, number, RegExp]>([
    [
      'data was changed',
      (doc) => {
        doc.events[1]!.data = { amount: { amount: 1, currency: 'EUR' } };
      },
      2,
      /not the hash of the event's contents/,
    ],
    [
      'occurredAt was changed',
      (doc) => {
        doc.events[0]!.occurredAt = '2026-01-02T03:04:05.679Z';
      },
      1,
      /not the hash of the event's contents/,
    ],
    [
      'the type was changed',
      (doc) => {
        doc.events[2]!.type = 'OrderDelivered';
      },
      3,
      /not the hash/,
    ],
    [
      'a stored hash was changed',
      (doc) => {
        doc.events[1]!.hash = flip(doc.events[1]!.hash) as Hex;
      },
      2,
      /not the hash of the event's contents/,
    ],
    [
      'a prevHash does not link',
      (doc) => {
        doc.events[2]!.prevHash = doc.events[0]!.hash;
      },
      3,
      /does not link/,
    ],
    [
      'a leaf was changed',
      (doc) => {
        doc.events[0]!.leaf = flip(doc.events[0]!.leaf) as Hex;
      },
      1,
      /not the leaf/,
    ],
    [
      'a proof sibling was changed',
      (doc) => {
        doc.events[2]!.proof![0] = flip(doc.events[2]!.proof![0]!) as Hex;
      },
      3,
      /proof leads to/,
    ],
    [
      'the root was changed',
      (doc) => {
        doc.events[1]!.root = flip(doc.events[1]!.root!) as Hex;
      },
      2,
      /not to the batch root/,
    ],
    [
      'the batch id points elsewhere',
      (doc) => {
        doc.events[0]!.batchId = 2;
      },
      1,
      /batch 2 is not anchored on chain/,
    ],
    [
      'an event is not anchored yet',
      (doc) => {
        Object.assign(doc.events[2]!, { proof: null, batchId: null, root: null, anchor: null });
      },
      3,
      /not anchored yet/,
    ],
  ])('fails the event whose %s', async (_name, tamper, version, problem) => {
    const built = buildProof();
    tamper(built.document);

    const verdicts = await verifyProof(built.document, chainOf(built));

    const failed = verdicts.filter((verdict) => !verdict.ok);
    expect(failed.map((verdict) => verdict.version)).toContain(version);
    expect(failed.find((verdict) => verdict.version === version)!.problems.join('\n')).toMatch(problem);
  });

  it('fails every event when the chain holds another root for the batch', async () => {
    const built = buildProof();

    const verdicts = await verifyProof(built.document, async () => `0x${'ab'.repeat(32)}`);

    expect(verdicts.every((verdict) => !verdict.ok && /the chain holds root/.test(verdict.problems.join()))).toBe(true);
  });

  it('names a missing event as a gap', async () => {
    const built = buildProof();
    built.document.events.splice(1, 1);

    const verdicts = await verifyProof(built.document, chainOf(built));

    expect(verdicts[1]).toMatchObject({ version: 3, ok: false });
    expect(verdicts[1]!.problems.join('\n')).toMatch(/expected version 2/);
  });

  it('reads each batch root from the chain once', async () => {
    const built = buildProof();
    let reads = 0;

    await verifyProof(built.document, async (batchId) => ((reads += 1), built.batches.get(batchId)!.root));

    expect(reads).toBe(1);
  });
});
