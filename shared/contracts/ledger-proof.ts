import * as z from 'zod';

// The body of GET /orders/{id}/proof, which is also the file `npm run ledger -- verify` checks (docs/ledger.md).

const hash = z.string().regex(/^0x[0-9a-f]{64}$/, 'must be 0x-prefixed lowercase 32-byte hex');
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 20-byte hex address');

export const ANCHOR_STATUSES = ['pending', 'confirmed'] as const;

export const proofEventSchema = z.object({
  version: z.number().int().positive(),
  type: z.string().min(1),
  occurredAt: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  hash,
  prevHash: hash,
  /** Position in the ledger sequence; null until the event is in a batch. */
  seq: z.number().int().positive().nullable(),
  leaf: hash,
  proof: z.array(hash).nullable(),
  batchId: z.number().int().positive().nullable(),
  root: hash.nullable(),
  anchor: z.object({ txHash: hash, blockNumber: z.number().int().nonnegative().nullable(), status: z.enum(ANCHOR_STATUSES) }).nullable(),
});

export const orderProofSchema = z.object({
  orderId: z.string().min(1),
  chainId: z.number().int().positive(),
  contract: address,
  events: z.array(proofEventSchema).min(1),
});

export type ProofEvent = z.infer<typeof proofEventSchema>;
export type OrderProof = z.infer<typeof orderProofSchema>;
