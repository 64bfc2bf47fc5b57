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

/** The anchor contract on an EVM chain, as the ledger's workers and the verifier use it. */
export interface AnchorChain {
  readonly chainId: number;
  readonly contract: Hex;
  /** Sends `anchor(root, fromSeq, toSeq)`; with `replacing`, the same nonce at higher fees (a stuck transaction). */
  sendAnchor(request: AnchorRequest, replacing?: SentAnchor): Promise<SentAnchor>;
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
