import * as z from '#shared/zod.ts';

// The body of GET /orders/{id}/proof, which is also the file `npm run ledger -- verify` checks (docs/ledger.md).

const hash = z.string().check(z.regex(/^0x[0-9a-f]{64}$/, 'must be 0x-prefixed lowercase 32-byte hex'));
const address = z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 20-byte hex address'));

export const ANCHOR_STATUSES = ['pending', 'confirmed'] as const;

export const proofEventSchema = z.object({
  version: z.int().check(z.positive()),
  type: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
  hash,
  prevHash: hash,
  /** Position in the ledger sequence; null until the event is in a batch. */
  seq: z.nullable(z.int().check(z.positive())),
  leaf: hash,
  proof: z.nullable(z.array(hash)),
  batchId: z.nullable(z.int().check(z.positive())),
  root: z.nullable(hash),
  anchor: z.nullable(z.object({ txHash: hash, blockNumber: z.nullable(z.int().check(z.nonnegative())), status: z.enum(ANCHOR_STATUSES) })),
});

export const orderProofSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  chainId: z.int().check(z.positive()),
  contract: address,
  events: z.array(proofEventSchema).check(z.minLength(1)),
});

export type ProofEvent = z.infer<typeof proofEventSchema>;
export type OrderProof = z.infer<typeof orderProofSchema>;
