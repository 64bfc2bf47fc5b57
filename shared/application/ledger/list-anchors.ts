import type { BatchSummary, LedgerRepository } from '#shared/domain/ledger/ports.ts';

export interface AnchorView {
  batchId: number;
  root: string;
  fromSeq: number;
  toSeq: number;
  leaves: number;
  txHash: string | null;
  blockNumber: number | null;
  status: 'pending' | 'confirmed';
  anchoredAt: string;
  confirmedAt: string | null;
}

export const anchorView = (batch: BatchSummary): AnchorView => ({
  batchId: batch.batchId,
  root: batch.root,
  fromSeq: batch.fromSeq,
  toSeq: batch.toSeq,
  leaves: batch.leaves,
  txHash: batch.tx?.txHash ?? null,
  blockNumber: batch.status === 'confirmed' ? batch.blockNumber : null,
  status: batch.status === 'confirmed' ? 'confirmed' : 'pending',
  anchoredAt: batch.sentAt ?? batch.createdAt,
  confirmedAt: batch.confirmedAt,
});

/** Anchor batches, newest first (support, admin). */
export const listAnchors = async (
  { ledger }: { ledger: Pick<LedgerRepository, 'listBatches'> },
  query: { limit: number; cursor?: string | undefined },
) => {
  const page = await ledger.listBatches(query.limit, query.cursor);
  return { items: page.items.map(anchorView), nextCursor: page.nextCursor };
};
