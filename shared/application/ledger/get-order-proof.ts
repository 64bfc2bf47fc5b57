import type { Hex } from 'viem';
import type { OrderProof } from '#shared/contracts/ledger-proof.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { leafOf, merkleBatch, type MerkleBatch } from '#shared/domain/ledger/merkle.ts';
import type { LedgerBatch, LedgerEventReader, LedgerRepository } from '#shared/domain/ledger/ports.ts';
import { canRead, type Actor } from '#shared/application/orders/access.ts';

export interface ProofDeps {
  events: LedgerEventReader;
  ledger: Pick<LedgerRepository, 'getBatch'>;
  chainId: number;
  contract: Hex;
}

/** Every event of the order with its hash-chain link, leaf, Merkle proof, root and anchor; 404 unless the actor may read the order. */
export const getOrderProof = async (deps: ProofDeps, actor: Actor, orderId: string): Promise<OrderProof> => {
  const events = await deps.events.eventsOf(orderId);
  const placed = events[0];
  if (placed?.type !== 'OrderPlaced' || !canRead(actor, String(placed.data.customerId))) throw new NotFoundError('Order not found.');

  const batches = new Map<number, Promise<{ batch: LedgerBatch | undefined; tree: MerkleBatch | undefined }>>();
  const batchOf = (batchId: number) => {
    if (!batches.has(batchId))
      batches.set(
        batchId,
        deps.ledger.getBatch(batchId).then((batch) => ({ batch, tree: batch ? merkleBatch(batch.hashes) : undefined })),
      );
    return batches.get(batchId)!;
  };

  const proofEvents = await Promise.all(
    events.map(async (event) => {
      if (!event.hash || !event.prevHash)
        throw new ConflictError(`Event ${event.version} of this order predates the ledger and has no hash.`);
      const base = {
        version: event.version,
        type: event.type,
        occurredAt: event.occurredAt,
        data: event.data,
        hash: event.hash,
        prevHash: event.prevHash,
        leaf: leafOf(event.hash),
      };
      const unanchored = { ...base, seq: event.seq ?? null, proof: null, batchId: null, root: null, anchor: null };
      if (event.batchId === undefined || event.seq === undefined) return unanchored;
      const { batch, tree } = await batchOf(event.batchId);
      if (!batch || !tree || batch.status === 'sealing') return unanchored;
      const txHash = batch.tx?.txHash;
      return {
        ...base,
        seq: event.seq,
        proof: tree.proofOf(event.seq - batch.fromSeq),
        batchId: batch.batchId,
        root: batch.root,
        anchor: txHash
          ? {
              txHash,
              blockNumber: batch.status === 'confirmed' ? batch.blockNumber : null,
              status: batch.status === 'confirmed' ? ('confirmed' as const) : ('pending' as const),
            }
          : null,
      };
    }),
  );
  return { orderId, chainId: deps.chainId, contract: deps.contract, events: proofEvents };
};
