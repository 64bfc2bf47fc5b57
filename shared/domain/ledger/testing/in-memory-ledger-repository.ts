import { eventRef } from '../batch.ts';
import {
  ConcurrentLedgerError,
  type BatchPage,
  type LedgerBatch,
  type LedgerEvent,
  type LedgerEventReader,
  type LedgerHead,
  type LedgerRepository,
  type ListenerCheckpoint,
  type UnsequencedEvent,
} from '../ports.ts';

const clone = <T>(value: T): T => structuredClone(value);

/** The ledger's table items and the order events in memory; the DynamoDB adapter is held to the same behaviour. */
export class InMemoryLedgerRepository implements LedgerRepository, LedgerEventReader {
  readonly orders = new Map<string, LedgerEvent[]>();
  readonly batches = new Map<number, LedgerBatch>();
  private headState: LedgerHead = { nextSeq: 1, nextBatchId: 1 };
  private lease: { owner: string; expiresAt: number } | undefined;
  private checkpointState: ListenerCheckpoint | undefined;

  /** Appends an order event as the event store would (hash and prevHash already computed). */
  addEvent(event: LedgerEvent): void {
    this.orders.set(event.orderId, [...(this.orders.get(event.orderId) ?? []), clone(event)]);
  }

  async acquireLease(owner: string, now: Date, ttlMs: number): Promise<boolean> {
    if (this.lease && this.lease.owner !== owner && this.lease.expiresAt > now.getTime()) return false;
    this.lease = { owner, expiresAt: now.getTime() + ttlMs };
    return true;
  }

  async releaseLease(owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = undefined;
  }

  private waiting(): LedgerEvent[] {
    return [...this.orders.values()]
      .flat()
      .filter((event) => event.hash && event.batchId === undefined)
      .sort((a, b) =>
        a.occurredAt < b.occurredAt
          ? -1
          : a.occurredAt > b.occurredAt
            ? 1
            : eventRef(a.orderId, a.version) < eventRef(b.orderId, b.version)
              ? -1
              : 1,
      );
  }

  async unsequenced(limit: number): Promise<UnsequencedEvent[]> {
    const inBatches = new Set([...this.batches.values()].flatMap((batch) => batch.events));
    return this.waiting()
      .filter((event) => !inBatches.has(eventRef(event.orderId, event.version)))
      .slice(0, limit)
      .map(({ orderId, version, hash, occurredAt }) => ({ orderId, version, hash: hash!, occurredAt }));
  }

  async oldestUnsequencedAt(): Promise<string | null> {
    return this.waiting()[0]?.occurredAt ?? null;
  }

  async head(): Promise<LedgerHead> {
    return { ...this.headState };
  }

  async sealBatch(batch: LedgerBatch, expectedHead: LedgerHead): Promise<void> {
    if (this.headState.nextSeq !== expectedHead.nextSeq || this.headState.nextBatchId !== expectedHead.nextBatchId)
      throw new ConcurrentLedgerError('The ledger head moved.');
    this.batches.set(batch.batchId, clone(batch));
    this.headState = { nextSeq: batch.toSeq + 1, nextBatchId: batch.batchId + 1 };
  }

  async assignEvents(batch: LedgerBatch): Promise<void> {
    batch.events.forEach((ref, index) => {
      const [orderId, version] = ref.split('#') as [string, string];
      const event = this.orders.get(orderId)?.find((candidate) => candidate.version === Number(version));
      if (event && event.batchId === undefined) Object.assign(event, { seq: batch.fromSeq + index, batchId: batch.batchId });
    });
    const stored = this.batches.get(batch.batchId)!;
    if (stored.status === 'sealing') stored.status = 'pending';
    batch.status = stored.status;
  }

  async getBatch(batchId: number): Promise<LedgerBatch | undefined> {
    const batch = this.batches.get(batchId);
    return batch && clone(batch);
  }

  async unconfirmedBatches(): Promise<LedgerBatch[]> {
    return [...this.batches.values()]
      .filter((batch) => batch.status !== 'confirmed')
      .sort((a, b) => a.batchId - b.batchId)
      .map(clone);
  }

  async confirmedFrom(blockNumber: number): Promise<LedgerBatch[]> {
    return [...this.batches.values()]
      .filter((batch) => batch.status === 'confirmed' && (batch.blockNumber ?? 0) >= blockNumber)
      .sort((a, b) => b.batchId - a.batchId)
      .map(clone);
  }

  async recordSent(batchId: number, sent: LedgerBatch['tx'] & object, at: string): Promise<void> {
    const batch = this.batches.get(batchId)!;
    Object.assign(batch, { tx: sent, txHashes: [...batch.txHashes, sent.txHash], sentAt: at });
  }

  async markConfirmed(
    batchId: number,
    anchored: { txHash: `0x${string}`; blockNumber: number; blockHash: `0x${string}`; confirmedAt: string },
  ): Promise<void> {
    const batch = this.batches.get(batchId)!;
    if (batch.status === 'sealing') return;
    Object.assign(batch, {
      status: 'confirmed',
      tx: batch.tx ? { ...batch.tx, txHash: anchored.txHash } : null,
      blockNumber: anchored.blockNumber,
      blockHash: anchored.blockHash,
      confirmedAt: anchored.confirmedAt,
    });
  }

  async markUnanchored(batchId: number): Promise<void> {
    Object.assign(this.batches.get(batchId)!, {
      status: 'pending',
      tx: null,
      sentAt: null,
      blockNumber: null,
      blockHash: null,
      confirmedAt: null,
    });
  }

  async listBatches(limit: number, cursor?: string): Promise<BatchPage> {
    const all = [...this.batches.values()]
      .sort((a, b) => b.batchId - a.batchId)
      .filter((batch) => !cursor || batch.batchId < Number(cursor));
    const items = all.slice(0, limit).map(clone);
    return { items, nextCursor: all.length > limit ? String(items.at(-1)!.batchId) : null };
  }

  async checkpoint(): Promise<ListenerCheckpoint | undefined> {
    return this.checkpointState && { ...this.checkpointState };
  }

  async saveCheckpoint(checkpoint: ListenerCheckpoint): Promise<void> {
    this.checkpointState = { ...checkpoint };
  }

  async eventsOf(orderId: string): Promise<LedgerEvent[]> {
    return clone(this.orders.get(orderId) ?? []);
  }

  async orderIds(cursor?: string): Promise<{ ids: string[]; nextCursor: string | null }> {
    const ids = [...this.orders.keys()].sort().filter((id) => !cursor || id > cursor);
    return { ids: ids.slice(0, 2), nextCursor: ids.length > 2 ? ids[1]! : null };
  }
}
