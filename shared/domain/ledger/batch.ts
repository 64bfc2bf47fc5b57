import { merkleBatch } from './merkle.ts';
import type { LedgerBatch, LedgerHead, UnsequencedEvent } from './ports.ts';

export const eventRef = (orderId: string, version: number) => `${orderId}#${version}`;

/** The next batch: the collected events numbered from the head's nextSeq, in the order given. */
export const newBatch = (head: LedgerHead, events: readonly UnsequencedEvent[], createdAt: string): LedgerBatch => {
  const hashes = events.map((event) => event.hash);
  return {
    batchId: head.nextBatchId,
    fromSeq: head.nextSeq,
    toSeq: head.nextSeq + events.length - 1,
    root: merkleBatch(hashes).root,
    leaves: hashes.length,
    hashes,
    events: events.map((event) => eventRef(event.orderId, event.version)),
    status: 'sealing',
    tx: null,
    txHashes: [],
    sentAt: null,
    blockNumber: null,
    blockHash: null,
    createdAt,
    confirmedAt: null,
    oldestOccurredAt: events.reduce((oldest, event) => (event.occurredAt < oldest ? event.occurredAt : oldest), events[0]!.occurredAt),
  };
};
