import { DomainError } from '#shared/domain/errors.ts';
import type { Hex } from 'viem';

export type { Hex };

/** What the anchor contract is asked to store: the root of ledger entries fromSeq..toSeq. */
export interface AnchorRequest {
  root: Hex;
  fromSeq: number;
  toSeq: number;
}

/** A sent anchor transaction, with what it takes to replace it (same nonce, higher fees). Fees in wei. */
export interface SentAnchor {
  txHash: Hex;
  nonce: number;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface AnchorReceipt {
  txHash: Hex;
  status: 'success' | 'reverted';
  blockNumber: number;
  blockHash: Hex;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** The batch id the contract assigned, from the receipt's Anchored log; undefined when it reverted. */
  batchId: number | undefined;
}

/** One Anchored event as the chain reports it. */
export interface AnchoredLog {
  batchId: number;
  root: Hex;
  fromSeq: number;
  toSeq: number;
  txHash: Hex;
  blockNumber: number;
  blockHash: Hex;
  logIndex: number;
}

/** The anchor contract on an EVM chain, read only: what the listener, the audit and the verifier use (nothing signs). */
export interface AnchorChainReader {
  readonly chainId: number;
  readonly contract: Hex;
  /** The mined receipt, or null while the transaction is pending or unknown. */
  receipt(txHash: Hex): Promise<AnchorReceipt | null>;
  /** Whether the node knows the transaction at all (mempool or chain); false after it was dropped or reorged away. */
  isKnown(txHash: Hex): Promise<boolean>;
  /** The root the contract holds for batchId, or null. */
  rootOf(batchId: number): Promise<Hex | null>;
  /** The first sequence number the contract expects next (1 on a fresh contract). */
  nextSeq(): Promise<number>;
  headBlock(): Promise<number>;
  /** The hash of a block of the canonical chain, or null above the head. */
  blockHash(blockNumber: number): Promise<Hex | null>;
  /** Anchored events in the inclusive block range, oldest first. */
  anchoredLogs(fromBlock: number, toBlock: number): Promise<AnchoredLog[]>;
}

/** The anchor contract as the anchor worker uses it: the reads plus sending anchors, signed by the contract owner. */
export interface AnchorChain extends AnchorChainReader {
  /** Sends `anchor(root, fromSeq, toSeq)`; with `replacing`, the same nonce at higher fees (a stuck transaction). */
  sendAnchor(request: AnchorRequest, replacing?: SentAnchor): Promise<SentAnchor>;
}

/** The chain node cannot be reached or answered with an error: retry on the next run, nothing is lost. */
export class ChainUnavailableError extends DomainError {
  override readonly name = 'ChainUnavailableError';
  readonly kind = 'unavailable';
}

/** The contract refused the anchor (out of order, not the owner, ...): `reason` is the Solidity error name. */
export class AnchorRejectedError extends DomainError {
  override readonly name = 'AnchorRejectedError';
  readonly kind = 'conflict';
  readonly reason: string;
  constructor(reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** An order event in the ledger's view: what the chain commits to, plus where the ledger put it. */
export interface LedgerEvent {
  orderId: string;
  version: number;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** Absent on events written before the ledger existed (the audit reports them). */
  hash: Hex | undefined;
  prevHash: Hex | undefined;
  /** Set once the anchor worker put the event into a batch. */
  seq: number | undefined;
  batchId: number | undefined;
}

/** An event hash waiting for a batch. */
export interface UnsequencedEvent {
  orderId: string;
  version: number;
  hash: Hex;
  occurredAt: string;
}

/**
 * `sealing`: created, its events not all marked yet; `pending`: sealed, its anchor not confirmed yet (tx null when
 * none is in flight); `confirmed`: its Anchored log is `confirmations` blocks deep.
 */
export type BatchStatus = 'sealing' | 'pending' | 'confirmed';

/** A batch without its (large) lists of hashes and events: what listings and the listener read. */
export interface BatchSummary {
  batchId: number;
  fromSeq: number;
  toSeq: number;
  root: Hex;
  leaves: number;
  status: BatchStatus;
  /** The anchor transaction in flight or mined; every hash ever sent for this batch is in txHashes. */
  tx: SentAnchor | null;
  txHashes: Hex[];
  sentAt: string | null;
  blockNumber: number | null;
  blockHash: Hex | null;
  createdAt: string;
  confirmedAt: string | null;
  /** The oldest event in the batch, for the unanchored-age metric. */
  oldestOccurredAt: string;
}

export interface LedgerBatch extends BatchSummary {
  /** Event hashes in sequence order, and the event each belongs to (`<orderId>#<version>`). */
  hashes: Hex[];
  events: string[];
}

export interface LedgerHead {
  nextSeq: number;
  nextBatchId: number;
}

export interface ListenerCheckpoint {
  blockNumber: number;
  blockHash: Hex | null;
}

export interface BatchPage {
  items: BatchSummary[];
  nextCursor: string | null;
}

/** The ledger's items in the table: head, lease, batches, checkpoint, and the unsequenced-event index. */
export interface LedgerRepository {
  /** True when this owner now holds the lease (free or expired before `now`). */
  acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  /** Oldest first; only events not yet in any batch (index lag is checked against the event items). */
  unsequenced(limit: number): Promise<UnsequencedEvent[]>;
  oldestUnsequencedAt(): Promise<string | null>;
  head(): Promise<LedgerHead>;
  /** Stores the batch as `sealing` and advances the head; fails with ConcurrentLedgerError if the head moved. */
  sealBatch(batch: LedgerBatch, expectedHead: LedgerHead): Promise<void>;
  /** Marks the batch's events with their seq and batch id (idempotent), then moves the batch to `pending`. */
  assignEvents(batch: LedgerBatch): Promise<void>;
  getBatch(batchId: number): Promise<LedgerBatch | undefined>;
  /** Batches in `sealing` or `pending`, oldest first. */
  unconfirmedBatches(): Promise<LedgerBatch[]>;
  /** Confirmed batches whose block is at or above `blockNumber`, newest first. */
  confirmedFrom(blockNumber: number): Promise<BatchSummary[]>;
  recordSent(batchId: number, sent: SentAnchor, at: string): Promise<void>;
  markConfirmed(batchId: number, anchored: { txHash: Hex; blockNumber: number; blockHash: Hex; confirmedAt: string }): Promise<void>;
  /** Back to pending with no transaction in flight: the anchor vanished (reorg or dropped) and must be sent again. */
  markUnanchored(batchId: number): Promise<void>;
  listBatches(limit: number, cursor?: string): Promise<BatchPage>;
  checkpoint(): Promise<ListenerCheckpoint | undefined>;
  saveCheckpoint(checkpoint: ListenerCheckpoint): Promise<void>;
}

/** Reads an order's events with their ledger fields, oldest first ([] for an unknown order). */
export interface LedgerEventReader {
  eventsOf(orderId: string): Promise<LedgerEvent[]>;
  /** Every order id, page by page (the audit walks them all without a Scan). */
  orderIds(cursor?: string): Promise<{ ids: string[]; nextCursor: string | null }>;
}

/** Another anchor worker moved the ledger head between our read and our write: try again next run. */
export class ConcurrentLedgerError extends DomainError {
  override readonly name = 'ConcurrentLedgerError';
  readonly kind = 'conflict';
}
