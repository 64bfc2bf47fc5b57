import type { Hex } from 'viem';
import { findChainBreaks, type ChainBreak } from '#shared/domain/ledger/hash-chain.ts';
import { merkleBatch } from '#shared/domain/ledger/merkle.ts';
import type { AnchorChainReader, LedgerBatch, LedgerEventReader, LedgerRepository } from '#shared/domain/ledger/ports.ts';

export type AuditFinding =
  | { orderId: string; version: number; problem: ChainBreak['problem'] | 'missing-hash'; detail: string }
  | { orderId: string; version: number; problem: 'not-in-batch'; detail: string }
  | { batchId: number; problem: 'root-mismatch' | 'root-not-on-chain'; detail: string };

export interface AuditDeps {
  events: LedgerEventReader;
  ledger: Pick<LedgerRepository, 'getBatch'>;
  /** When given, every batch root is also compared with the contract's. */
  chain?: Pick<AnchorChainReader, 'rootOf'>;
}

export interface AuditReport {
  orders: number;
  events: number;
  batches: number;
  findings: AuditFinding[];
}

const describe = (found: ChainBreak): string => {
  switch (found.problem) {
    case 'hash-mismatch':
      return `stored hash ${found.stored} is not the hash of the event's contents (${found.computed})`;
    case 'prev-hash-mismatch':
      return `prevHash ${found.stored} does not link to the previous event (${found.expected})`;
    case 'version-gap':
      return `expected version ${found.expected}`;
    case 'unhashable':
      return found.message;
  }
};

/**
 * Walks every order's hash chain (no Scan: order ids come from the orders index) and reports each break by order
 * and version; checks that every sequenced event's hash is the one its batch holds at its position, that each batch
 * root is the root of its hashes and, with a chain, that the contract holds that root.
 */
export const auditLedger = async (deps: AuditDeps, onOrder?: (orderId: string) => void): Promise<AuditReport> => {
  const findings: AuditFinding[] = [];
  const batches = new Map<number, Promise<LedgerBatch | undefined>>();
  const batchOf = (batchId: number) => batches.get(batchId) ?? batches.set(batchId, deps.ledger.getBatch(batchId)).get(batchId)!;
  let orders = 0;
  let events = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.events.orderIds(cursor);
    for (const orderId of page.ids) {
      onOrder?.(orderId);
      orders += 1;
      const chain = await deps.events.eventsOf(orderId);
      events += chain.length;
      for (const event of chain.filter((candidate) => !candidate.hash))
        findings.push({ orderId, version: event.version, problem: 'missing-hash', detail: 'the event item carries no hash' });
      for (const found of findChainBreaks(chain))
        findings.push({ orderId, version: found.version, problem: found.problem, detail: describe(found) });
      for (const event of chain) {
        if (event.batchId === undefined || event.seq === undefined) continue;
        const batch = await batchOf(event.batchId);
        const held = batch?.hashes[event.seq - batch.fromSeq];
        if (held !== event.hash)
          findings.push({
            orderId,
            version: event.version,
            problem: 'not-in-batch',
            detail: `batch ${event.batchId} holds ${held ?? 'nothing'} at sequence ${event.seq}, the event has ${event.hash}`,
          });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (const [batchId, pending] of batches) {
    const batch = await pending;
    if (!batch) continue;
    const root = merkleBatch(batch.hashes).root;
    if (root !== batch.root)
      findings.push({
        batchId,
        problem: 'root-mismatch',
        detail: `stored root ${batch.root} is not the root of the batch's hashes (${root})`,
      });
    if (deps.chain && batch.status === 'confirmed') {
      const anchored: Hex | null = await deps.chain.rootOf(batchId);
      if (anchored !== batch.root)
        findings.push({
          batchId,
          problem: 'root-not-on-chain',
          detail: `the contract holds ${anchored ?? 'no root'} for batch ${batchId}, the table ${batch.root}`,
        });
    }
  }
  return { orders, events, batches: batches.size, findings };
};
