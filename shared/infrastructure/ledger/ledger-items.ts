import type { Hex } from 'viem';
import * as z from '#shared/zod.ts';
import type { BatchSummary, LedgerBatch, LedgerEvent, SentAnchor } from '#shared/domain/ledger/ports.ts';
import { ledgerBatchKey, ledgerBatchStatusIndexKey, stamp } from '#shared/infrastructure/dynamodb/keys.ts';

const hex = z.pipe(
  z.string().check(z.regex(/^0x[0-9a-f]*$/i)),
  z.transform((value: string) => value as Hex),
);
const txSchema = z.object({
  txHash: hex,
  nonce: z.int(),
  gas: z.string(),
  maxFeePerGas: z.string(),
  maxPriorityFeePerGas: z.string(),
});

const summarySchema = z.object({
  batchId: z.int().check(z.positive()),
  fromSeq: z.int().check(z.positive()),
  toSeq: z.int().check(z.positive()),
  root: hex,
  leaves: z.int().check(z.positive()),
  status: z.enum(['sealing', 'pending', 'confirmed']),
  tx: z.optional(z.nullable(txSchema)),
  txHashes: z.optional(z.array(hex)),
  sentAt: z.optional(z.nullable(z.string())),
  blockNumber: z.optional(z.nullable(z.int())),
  blockHash: z.optional(z.nullable(hex)),
  createdAt: z.string(),
  confirmedAt: z.optional(z.nullable(z.string())),
  oldestOccurredAt: z.string(),
});
const batchSchema = z.extend(summarySchema, { hashes: z.array(hex), events: z.array(z.string()) });

/** Fees are bigints in the domain and decimal strings in the table (DynamoDB numbers would lose nothing, but JSON would). */
export const toTxAttribute = (sent: SentAnchor) => ({
  txHash: sent.txHash,
  nonce: sent.nonce,
  gas: sent.gas.toString(),
  maxFeePerGas: sent.maxFeePerGas.toString(),
  maxPriorityFeePerGas: sent.maxPriorityFeePerGas.toString(),
});
const fromTxAttribute = (tx: z.infer<typeof txSchema> | null | undefined): SentAnchor | null =>
  tx
    ? {
        txHash: tx.txHash,
        nonce: tx.nonce,
        gas: BigInt(tx.gas),
        maxFeePerGas: BigInt(tx.maxFeePerGas),
        maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas),
      }
    : null;

export const toBatchItem = (batch: LedgerBatch) => ({
  ...ledgerBatchKey(batch.batchId),
  ...ledgerBatchStatusIndexKey(batch.status === 'confirmed', batch.batchId),
  ...stamp('LedgerBatch'),
  batchId: batch.batchId,
  fromSeq: batch.fromSeq,
  toSeq: batch.toSeq,
  root: batch.root,
  leaves: batch.leaves,
  hashes: batch.hashes,
  events: batch.events,
  status: batch.status,
  tx: batch.tx ? toTxAttribute(batch.tx) : null,
  txHashes: batch.txHashes,
  sentAt: batch.sentAt,
  blockNumber: batch.blockNumber,
  blockHash: batch.blockHash,
  createdAt: batch.createdAt,
  confirmedAt: batch.confirmedAt,
  oldestOccurredAt: batch.oldestOccurredAt,
});

const summaryOf = (parsed: z.infer<typeof summarySchema>): BatchSummary => ({
  batchId: parsed.batchId,
  fromSeq: parsed.fromSeq,
  toSeq: parsed.toSeq,
  root: parsed.root,
  leaves: parsed.leaves,
  status: parsed.status,
  tx: fromTxAttribute(parsed.tx),
  txHashes: parsed.txHashes ?? [],
  sentAt: parsed.sentAt ?? null,
  blockNumber: parsed.blockNumber ?? null,
  blockHash: parsed.blockHash ?? null,
  createdAt: parsed.createdAt,
  confirmedAt: parsed.confirmedAt ?? null,
  oldestOccurredAt: parsed.oldestOccurredAt,
});

export const SUMMARY_ATTRIBUTES = Object.keys(summarySchema.shape);

export const fromBatchItem = (item: Record<string, unknown>): LedgerBatch => {
  const parsed = batchSchema.parse(item);
  return { ...summaryOf(parsed), hashes: parsed.hashes, events: parsed.events };
};

export const fromSummaryItem = (item: Record<string, unknown>): BatchSummary => summaryOf(summarySchema.parse(item));

const optionalHash = (value: unknown): Hex | undefined => (typeof value === 'string' ? (value as Hex) : undefined);
const optionalNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** An order event item as the ledger reads it; fields are taken as stored, so the audit sees what is really there. */
export const toLedgerEvent = (item: Record<string, unknown>): LedgerEvent => ({
  orderId: String(item.orderId),
  version: Number(item.version),
  type: String(item.type),
  occurredAt: String(item.occurredAt),
  data: (item.data ?? {}) as Record<string, unknown>,
  hash: optionalHash(item.hash),
  prevHash: optionalHash(item.prevHash),
  seq: optionalNumber(item.ledgerSeq),
  batchId: optionalNumber(item.batchId),
});
