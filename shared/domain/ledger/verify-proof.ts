import type { Hex } from 'viem';
import { eventHash, GENESIS_HASH } from './hash-chain.ts';
import { foldProof, leafOf } from './merkle.ts';

/** The parts of a saved proof document the verifier reads (shared/contracts/ledger-proof.ts is its schema). */
export interface ProofDocument {
  orderId: string;
  events: readonly {
    version: number;
    type: string;
    occurredAt: string;
    data: unknown;
    hash: string;
    prevHash: string;
    leaf: string;
    proof: readonly string[] | null;
    batchId: number | null;
    root: string | null;
  }[];
}

export interface EventVerdict {
  version: number;
  type: string;
  ok: boolean;
  /** What failed, in words; empty when ok. */
  problems: string[];
  batchId: number | null;
  root: string | null;
}

/** Reads roots on chain; the verifier trusts nothing else. */
export type RootReader = (batchId: number) => Promise<Hex | null>;

const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-4)}`;

/**
 * Checks every event of a saved proof against the chain alone: recomputes each hash from the event's fields and the
 * previous hash, the leaf from the hash, folds the proof to a root and compares it with the root the contract holds.
 */
export const verifyProof = async (document: ProofDocument, readRoot: RootReader): Promise<EventVerdict[]> => {
  const roots = new Map<number, Promise<Hex | null>>();
  const rootOnChain = (batchId: number) => roots.get(batchId) ?? roots.set(batchId, readRoot(batchId)).get(batchId)!;
  const verdicts: EventVerdict[] = [];
  let previous: string = GENESIS_HASH;
  for (const [index, event] of document.events.entries()) {
    const problems: string[] = [];
    if (event.version !== index + 1) problems.push(`expected version ${index + 1}: the chain has a gap or is out of order`);
    if (event.prevHash !== previous)
      problems.push(`prevHash ${short(event.prevHash)} does not link to the previous event's hash ${short(previous)}`);
    let computed: Hex | undefined;
    try {
      computed = eventHash(
        { orderId: document.orderId, version: event.version, type: event.type, occurredAt: event.occurredAt, data: event.data },
        event.prevHash as Hex,
      );
      if (computed !== event.hash) problems.push(`hash ${short(event.hash)} is not the hash of the event's contents (${short(computed)})`);
    } catch (error) {
      problems.push(`the event cannot be hashed: ${(error as Error).message}`);
    }
    // The leaf commits to the stored hash; a hash that does not match its contents is reported above, once.
    const leaf = leafOf(event.hash as Hex);
    if (event.leaf !== leaf) problems.push(`leaf ${short(event.leaf)} is not the leaf of the event's hash (${short(leaf)})`);
    if (event.batchId === null || event.root === null || event.proof === null) {
      problems.push('not anchored yet: fetch the proof again after the next anchor is confirmed');
    } else {
      const folded = foldProof(leaf, event.proof as Hex[]);
      if (folded !== event.root) problems.push(`the Merkle proof leads to ${short(folded)}, not to the batch root ${short(event.root)}`);
      const anchored = await rootOnChain(event.batchId);
      if (anchored === null) problems.push(`batch ${event.batchId} is not anchored on chain`);
      else if (anchored !== folded)
        problems.push(`the chain holds root ${short(anchored)} for batch ${event.batchId}, the proof leads to ${short(folded)}`);
    }
    verdicts.push({
      version: event.version,
      type: event.type,
      ok: problems.length === 0,
      problems,
      batchId: event.batchId,
      root: event.root,
    });
    previous = event.hash;
  }
  return verdicts;
};
