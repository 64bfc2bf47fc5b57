import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { keccak256, toHex, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { EmptyBatchError, foldProof, leafOf, LEAF_ENCODING, merkleBatch } from './merkle.ts';

const hashes = (count: number): Hex[] => Array.from({ length: count }, (_, index) => keccak256(toHex(`event-${index}`)));

describe('Merkle batches of event hashes', () => {
  // Pinned in docs/ledger.md: a third party reproduces these with any StandardMerkleTree implementation.
  it('matches the documented vectors', () => {
    const batch = merkleBatch([`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`, `0x${'33'.repeat(32)}`]);

    expect(leafOf(`0x${'11'.repeat(32)}`)).toBe('0xddf01ddd376b0754614e249410f966d61b6560ef80e7495eaa08341d4e534a2e');
    expect(batch.root).toBe('0xa9b9d19e00269b8e357d6b17ae987e7f306e63b8e77615ce706ec522974d2fea');
    expect(batch.proofOf(0)).toEqual([
      '0x0f7e1163c9397953c541dc1b3e1fdde14cb0452e6ee4f9e81cd9665cd5f01774',
      '0xf71106156f6c6fb1e886f1022b84b417bc07ade1ba787da2e849607e605475b7',
    ]);
  });

  it.each([1, 2, 3, 7, 8, 100, 257])('every leaf of a batch of %i folds to the root', (count) => {
    const events = hashes(count);
    const batch = merkleBatch(events);

    for (const [index, hash] of events.entries()) expect(foldProof(leafOf(hash), batch.proofOf(index))).toBe(batch.root);
  });

  it.each([2, 5, 64])('agrees with OpenZeppelin StandardMerkleTree on leaves, root and verification (%i leaves)', (count) => {
    const events = hashes(count);
    const reference = StandardMerkleTree.of(
      events.map((hash) => [hash]),
      [...LEAF_ENCODING],
    );
    const batch = merkleBatch(events);

    expect(batch.root).toBe(reference.root);
    for (const [index, hash] of events.entries()) {
      expect(leafOf(hash)).toBe(reference.leafHash([hash]));
      expect(StandardMerkleTree.verify(batch.root, [...LEAF_ENCODING], [hash], batch.proofOf(index))).toBe(true);
    }
  });

  it('a single-event batch has an empty proof and the leaf as its root', () => {
    const [hash] = hashes(1) as [Hex];

    expect(merkleBatch([hash]).proofOf(0)).toEqual([]);
    expect(merkleBatch([hash]).root).toBe(leafOf(hash));
  });

  it.each([
    ['another event hash', (events: Hex[], proof: Hex[]) => ({ leaf: leafOf(events[1]!), proof })],
    ['a changed sibling', (events: Hex[], proof: Hex[]) => ({ leaf: leafOf(events[0]!), proof: [keccak256('0x01'), ...proof.slice(1)] })],
    ['a dropped sibling', (events: Hex[], proof: Hex[]) => ({ leaf: leafOf(events[0]!), proof: proof.slice(1) })],
    ['the bare event hash instead of its leaf', (events: Hex[], proof: Hex[]) => ({ leaf: events[0]!, proof })],
  ])('does not reach the root with %s', (_name, tamper) => {
    const events = hashes(6);
    const batch = merkleBatch(events);
    const { leaf, proof } = tamper(events, batch.proofOf(0));

    expect(foldProof(leaf, proof)).not.toBe(batch.root);
  });

  it('refuses an empty batch', () => {
    expect(() => merkleBatch([])).toThrow(EmptyBatchError);
  });
});
