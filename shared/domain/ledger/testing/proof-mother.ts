import { keccak256, toHex, type Hex } from 'viem';
import { chainLinks, type ChainedEvent } from '../hash-chain.ts';
import { leafOf, merkleBatch } from '../merkle.ts';

export const ORDER_ID = '01JSAMPLEORDER0000000000';

/** A placed, paid and shipped order: the events of docs/ledger.md's test vectors. */
export const sampleOrderEvents = (orderId = ORDER_ID): ChainedEvent[] => [
  {
    orderId,
    version: 1,
    type: 'OrderPlaced',
    occurredAt: '2026-01-02T03:04:05.678Z',
    data: { customerId: '01JSAMPLECUSTOMER0000000', total: { amount: 2500, currency: 'EUR' }, lines: [] },
  },
  { orderId, version: 2, type: 'OrderPaid', occurredAt: '2026-01-02T03:04:07.000Z', data: { amount: { amount: 2500, currency: 'EUR' } } },
  { orderId, version: 3, type: 'OrderShipped', occurredAt: '2026-01-03T10:00:00.000Z', data: {} },
];

export interface BuiltProof {
  document: {
    orderId: string;
    chainId: number;
    contract: Hex;
    events: {
      version: number;
      type: string;
      occurredAt: string;
      data: Record<string, unknown>;
      hash: Hex;
      prevHash: Hex;
      seq: number | null;
      leaf: Hex;
      proof: Hex[] | null;
      batchId: number | null;
      root: Hex | null;
      anchor: { txHash: Hex; blockNumber: number | null; status: 'pending' | 'confirmed' } | null;
    }[];
  };
  /** The batches as they would be anchored: batch id → root, and each batch's full list of event hashes in order. */
  batches: Map<number, { root: Hex; hashes: Hex[]; fromSeq: number }>;
}

/**
 * A proof document for `events`, as GET /orders/{id}/proof returns it: the order's events go into batch `batchId`
 * mixed in with `others` unrelated event hashes (other orders), starting at ledger sequence `fromSeq`.
 */
export const buildProof = (
  options: { events?: ChainedEvent[]; batchId?: number; fromSeq?: number; others?: number; chainId?: number; contract?: Hex } = {},
): BuiltProof => {
  const events = options.events ?? sampleOrderEvents();
  const batchId = options.batchId ?? 1;
  const fromSeq = options.fromSeq ?? 1;
  const links = chainLinks(events);
  const others = Array.from({ length: options.others ?? 4 }, (_, index) => keccak256(toHex(`another-order-${index}`)));
  // Interleave: other orders' events land between this order's events in the ledger.
  const hashes: Hex[] = [];
  links.forEach((link, index) => hashes.push(...(others[index] ? [others[index]] : []), link.hash));
  hashes.push(...others.slice(links.length));
  const batch = merkleBatch(hashes);
  const document: BuiltProof['document'] = {
    orderId: events[0]!.orderId,
    chainId: options.chainId ?? 31337,
    contract: options.contract ?? '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    events: events.map((event, index) => {
      const position = hashes.indexOf(links[index]!.hash);
      return {
        version: event.version,
        type: event.type,
        occurredAt: event.occurredAt,
        data: event.data as Record<string, unknown>,
        hash: links[index]!.hash,
        prevHash: links[index]!.prevHash,
        seq: fromSeq + position,
        leaf: leafOf(links[index]!.hash),
        proof: batch.proofOf(position),
        batchId,
        root: batch.root,
        anchor: { txHash: keccak256(toHex(`tx-${batchId}`)), blockNumber: 7, status: 'confirmed' },
      };
    }),
  };
  return { document, batches: new Map([[batchId, { root: batch.root, hashes, fromSeq }]]) };
};
