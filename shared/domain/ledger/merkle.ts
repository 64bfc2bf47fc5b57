import { concat, encodeAbiParameters, keccak256, type Hex } from 'viem';
import { DomainError } from '#shared/domain/errors.ts';

/**
 * Batches of event hashes become OpenZeppelin StandardMerkleTree trees (docs/ledger.md):
 *   leaf = keccak256(bytes.concat(keccak256(abi.encode(bytes32 eventHash))))
 *   node = keccak256(min(a, b) ‖ max(a, b))   (pairs sorted as unsigned 256-bit numbers)
 * so a proof is a plain list of sibling hashes, checkable by OpenZeppelin's MerkleProof.verify or OrderLedger.verify.
 * The tree is laid out as StandardMerkleTree lays it out (leaves sorted, array heap), so roots and proofs are the
 * ones `StandardMerkleTree.of(hashes.map((h) => [h]), ['bytes32'])` gives: merkle.test.ts holds us to that. Built
 * here with viem's keccak because it is about three times faster than the library, and proofs are built per request.
 */
export const LEAF_ENCODING = ['bytes32'] as const;

export class EmptyBatchError extends DomainError {
  override readonly name = 'EmptyBatchError';
  readonly kind = 'invalid';
}

/** The leaf of one event hash, double-hashed so that no leaf can pass for an inner node. */
export const leafOf = (eventHash: Hex): Hex => keccak256(keccak256(encodeAbiParameters([{ type: 'bytes32' }], [eventHash])));

const hashPair = (a: Hex, b: Hex): Hex => (BigInt(a) <= BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])));

/** The root a proof leads to from a leaf; equal to the anchored root exactly when the proof is valid. */
export const foldProof = (leaf: Hex, proof: readonly Hex[]): Hex => proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf);

export interface MerkleBatch {
  root: Hex;
  /** The sibling hashes from the leaf of `eventHashes[index]` up to the root. */
  proofOf(index: number): Hex[];
}

/** The tree over a batch's event hashes, in ledger sequence order (leaves are sorted inside the tree). */
export const merkleBatch = (eventHashes: readonly Hex[]): MerkleBatch => {
  if (eventHashes.length === 0) throw new EmptyBatchError('A batch needs at least one event hash.');
  const leaves = eventHashes.map((hash, index) => ({ index, leaf: leafOf(hash) }));
  leaves.sort((a, b) => (BigInt(a.leaf) < BigInt(b.leaf) ? -1 : BigInt(a.leaf) > BigInt(b.leaf) ? 1 : a.index - b.index));
  // Heap layout: node i has children 2i+1 and 2i+2; leaves fill the end of the array in reverse sorted order.
  const tree: Hex[] = new Array<Hex>(2 * leaves.length - 1);
  const treeIndexOf = new Array<number>(leaves.length);
  leaves.forEach(({ index, leaf }, sorted) => {
    tree[tree.length - 1 - sorted] = leaf;
    treeIndexOf[index] = tree.length - 1 - sorted;
  });
  for (let node = tree.length - 1 - leaves.length; node >= 0; node -= 1) tree[node] = hashPair(tree[2 * node + 1]!, tree[2 * node + 2]!);
  return {
    root: tree[0]!,
    proofOf(index) {
      let node = treeIndexOf[index];
      if (node === undefined) throw new RangeError(`No event ${index} in a batch of ${eventHashes.length}`);
      const proof: Hex[] = [];
      while (node > 0) {
        proof.push(tree[node % 2 === 1 ? node + 1 : node - 1]!);
        node = Math.floor((node - 1) / 2);
      }
      return proof;
    },
  };
};
