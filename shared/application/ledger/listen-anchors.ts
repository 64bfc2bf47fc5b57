import type { AnchorChainReader, LedgerRepository } from '#shared/domain/ledger/ports.ts';

export interface ListenSettings {
  /** Blocks on top of an anchor's block before it counts as confirmed (0: as soon as it is mined). */
  confirmations: number;
  /** The block to start from on the first run (the contract's deployment block). */
  startBlock: number;
  /** How far back to re-check confirmed batches when the checkpoint's block was reorganised away. */
  reorgDepth: number;
}

export interface ListenDeps {
  ledger: LedgerRepository;
  /** Read only: the listener never signs, so its bundle carries no signer. */
  chain: AnchorChainReader;
  clock: { now(): Date };
  settings: ListenSettings;
}

export interface ListenOutcome {
  head: number;
  /** Blocks read this run (inclusive), or null when nothing new is deep enough yet. */
  range: [number, number] | null;
  confirmed: number[];
  /** Batches whose anchor vanished in a reorg: back to pending, to be anchored again. */
  reorged: number[];
  /** Anchored logs that do not match the batch we hold (should never happen: alarm). */
  conflicts: string[];
}

/**
 * One run of the listener (the seed's ListenToEvents, polled): notice a reorg under the checkpoint and send the
 * batches it took back to pending, then read Anchored logs from the checkpoint up to `confirmations` below the head,
 * mark the matching batches confirmed, and move the checkpoint (block number and hash) in the table.
 */
export const listenAnchors = async ({ ledger, chain, clock, settings }: ListenDeps): Promise<ListenOutcome> => {
  const head = await chain.headBlock();
  const safe = head - settings.confirmations;
  const checkpoint = await ledger.checkpoint();
  let from = checkpoint ? checkpoint.blockNumber + 1 : settings.startBlock;
  const reorged: number[] = [];
  if (checkpoint?.blockHash && (await chain.blockHash(checkpoint.blockNumber)) !== checkpoint.blockHash) {
    from = Math.max(settings.startBlock, checkpoint.blockNumber - settings.reorgDepth);
    for (const batch of await ledger.confirmedFrom(from)) {
      const receipt = batch.tx ? await chain.receipt(batch.tx.txHash) : null;
      if (receipt?.status === 'success' && receipt.blockHash === batch.blockHash) continue;
      await ledger.markUnanchored(batch.batchId);
      reorged.push(batch.batchId);
    }
  }
  const confirmed: number[] = [];
  const conflicts: string[] = [];
  if (safe < from) {
    if (reorged.length > 0 || (checkpoint && from <= checkpoint.blockNumber))
      await ledger.saveCheckpoint({ blockNumber: from - 1, blockHash: from > 0 ? await chain.blockHash(from - 1) : null });
    return { head, range: null, confirmed, reorged, conflicts };
  }
  for (const log of await chain.anchoredLogs(from, safe)) {
    const batch = await ledger.getBatch(log.batchId);
    if (!batch || batch.root !== log.root || batch.fromSeq !== log.fromSeq || batch.toSeq !== log.toSeq) {
      conflicts.push(
        `Anchored batch ${log.batchId} (${log.fromSeq}..${log.toSeq}, root ${log.root}) in tx ${log.txHash} does not match the table (${batch ? `${batch.fromSeq}..${batch.toSeq}, root ${batch.root}` : 'no such batch'})`,
      );
      continue;
    }
    if (batch.status === 'confirmed' && batch.blockHash === log.blockHash) continue;
    await ledger.markConfirmed(batch.batchId, {
      txHash: log.txHash,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      confirmedAt: clock.now().toISOString(),
    });
    confirmed.push(batch.batchId);
  }
  await ledger.saveCheckpoint({ blockNumber: safe, blockHash: await chain.blockHash(safe) });
  return { head, range: [from, safe], confirmed, reorged, conflicts };
};
