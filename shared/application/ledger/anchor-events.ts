import type { Hex } from 'viem';
import { newBatch } from '#shared/domain/ledger/batch.ts';
import type { AnchorChain, LedgerBatch, LedgerRepository } from '#shared/domain/ledger/ports.ts';

export interface AnchorSettings {
  maxBatchSize: number;
  leaseMs: number;
  /** An anchor unmined for this long is replaced with the same nonce at higher fees. */
  stuckAfterMs: number;
}

export interface AnchorDeps {
  ledger: LedgerRepository;
  chain: AnchorChain;
  clock: { now(): Date };
  settings: AnchorSettings;
  /** Age in seconds of the oldest event not yet in a confirmed batch (0 when none); reported before any chain call. */
  reportUnanchoredAge?: (seconds: number) => void;
}

export type AnchorOutcome =
  | { action: 'busy' }
  | { action: 'idle' }
  | { action: 'waiting'; batchId: number; txHash: Hex }
  | { action: 'sent' | 'replaced'; batchId: number; txHash: Hex; events: number }
  | { action: 'conflict'; batchId: number; detail: string };

type Step = { done: false } | { done: true; outcome: AnchorOutcome };
const carryOn: Step = { done: false };
const stop = (outcome: AnchorOutcome): Step => ({ done: true, outcome });

/**
 * One run of the anchor worker, under the ledger lease:
 * 1. report the age of the oldest unanchored event;
 * 2. walk the unconfirmed batches oldest first: a mined anchor is the listener's business, a young one is waited for,
 *    a stuck one is replaced with higher fees, a vanished one (dropped, reorged) is sent again; stop at the first
 *    batch that needed anything, so at most one anchor is ever in flight;
 * 3. otherwise seal the unsequenced events into the next batch and send its anchor; an empty interval sends nothing.
 */
export const anchorEvents = async (deps: AnchorDeps, input: { owner: string }): Promise<AnchorOutcome> => {
  const { ledger, clock, settings } = deps;
  if (!(await ledger.acquireLease(input.owner, clock.now(), settings.leaseMs))) return { action: 'busy' };
  try {
    const unconfirmed = await ledger.unconfirmedBatches();
    await reportAge(deps, unconfirmed);
    for (const batch of unconfirmed) {
      if (batch.status === 'sealing') await ledger.assignEvents(batch);
      const step = await advance(deps, batch);
      if (step.done) return step.outcome;
    }
    const events = await ledger.unsequenced(settings.maxBatchSize);
    if (events.length === 0) return { action: 'idle' };
    const head = await ledger.head();
    // Asking the chain before sealing keeps events unsealed while the node is down, so they catch up in one batch.
    const expected = await deps.chain.nextSeq();
    if (expected !== head.nextSeq)
      return {
        action: 'conflict',
        batchId: head.nextBatchId,
        detail: `the contract expects sequence ${expected} next, the table ${head.nextSeq}: is LEDGER_CONTRACT the contract this table anchors to?`,
      };
    const batch = newBatch(head, events, clock.now().toISOString());
    await ledger.sealBatch(batch, head);
    await ledger.assignEvents(batch);
    const step = await send(deps, batch);
    return step.done ? step.outcome : { action: 'idle' };
  } finally {
    await ledger.releaseLease(input.owner);
  }
};

const reportAge = async ({ ledger, clock, reportUnanchoredAge }: AnchorDeps, unconfirmed: LedgerBatch[]): Promise<void> => {
  if (!reportUnanchoredAge) return;
  const candidates = [await ledger.oldestUnsequencedAt(), ...unconfirmed.map((batch) => batch.oldestOccurredAt)].filter(
    (at): at is string => at !== null,
  );
  const oldest = candidates.length === 0 ? undefined : candidates.reduce((a, b) => (a < b ? a : b));
  reportUnanchoredAge(oldest ? Math.max(0, Math.round((clock.now().getTime() - Date.parse(oldest)) / 1000)) : 0);
};

const advance = async (deps: AnchorDeps, batch: LedgerBatch): Promise<Step> => {
  const { chain, ledger, clock, settings } = deps;
  for (const txHash of [...batch.txHashes].reverse()) {
    const receipt = await chain.receipt(txHash);
    if (receipt?.status === 'success') return carryOn;
    if (receipt?.status === 'reverted') return settleAnchored(deps, batch);
  }
  if (batch.tx && (await chain.isKnown(batch.tx.txHash))) {
    const age = clock.now().getTime() - Date.parse(batch.sentAt ?? batch.createdAt);
    if (age < settings.stuckAfterMs) return stop({ action: 'waiting', batchId: batch.batchId, txHash: batch.tx.txHash });
    const replacement = await chain.sendAnchor(anchorRequest(batch), batch.tx);
    await ledger.recordSent(batch.batchId, replacement, clock.now().toISOString());
    return stop({ action: 'replaced', batchId: batch.batchId, txHash: replacement.txHash, events: batch.hashes.length });
  }
  return send(deps, batch);
};

const anchorRequest = (batch: LedgerBatch) => ({ root: batch.root, fromSeq: batch.fromSeq, toSeq: batch.toSeq });

/** Sends the batch's anchor unless the chain already holds it (then the listener confirms it from the log). */
const send = async (deps: AnchorDeps, batch: LedgerBatch): Promise<Step> => {
  const { chain, ledger, clock } = deps;
  const expected = await chain.nextSeq();
  if (expected !== batch.fromSeq) return settleAnchored(deps, batch);
  const sent = await chain.sendAnchor(anchorRequest(batch));
  await ledger.recordSent(batch.batchId, sent, clock.now().toISOString());
  return stop({ action: 'sent', batchId: batch.batchId, txHash: sent.txHash, events: batch.hashes.length });
};

/** The chain is past this batch's range: fine if it holds exactly our root for it, a conflict otherwise. */
const settleAnchored = async ({ chain }: AnchorDeps, batch: LedgerBatch): Promise<Step> => {
  const root = await chain.rootOf(batch.batchId);
  if (root === batch.root) return carryOn;
  const expected = await chain.nextSeq();
  const detail =
    root === null
      ? `the contract expects sequence ${expected} next, batch ${batch.batchId} starts at ${batch.fromSeq}, and holds no root for it`
      : `the contract holds root ${root} for batch ${batch.batchId}, ours is ${batch.root}`;
  return stop({ action: 'conflict', batchId: batch.batchId, detail });
};
