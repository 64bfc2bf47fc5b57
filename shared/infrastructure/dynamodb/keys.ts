// Every key of the single table is built here and nowhere else. See infra/dynamodb-access-patterns.md.

export const userKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
/** All users, newest first (admin listing). One partition: admin reads are rare and paginated. */
export const usersIndexKey = (createdAt: string, userId: string) => ({ GSI1PK: 'USERS', GSI1SK: `${createdAt}#${userId}` });
export const USERS_INDEX_PARTITION = 'USERS';

/** Email uniqueness guard and lookup: one item per normalised email. */
export const emailKey = (email: string) => ({ PK: `EMAIL#${email}`, SK: 'EMAIL' });

export const refreshFamilyKey = (userId: string, familyId: string) => ({ PK: `USER#${userId}`, SK: `RT#${familyId}` });

export const rateLimitKey = (scope: string, subject: string, windowStart: number) => ({
  PK: `RATE#${scope}#${subject}`,
  SK: String(windowStart),
});

const PRODUCT_PREFIX = 'PRODUCT#';
export const productKey = (productId: string) => ({ PK: `${PRODUCT_PREFIX}${productId}`, SK: 'PRODUCT' });
/** True for the partition key of a product item. */
export const isProductPartition = (pk: unknown): boolean => typeof pk === 'string' && pk.startsWith(PRODUCT_PREFIX);
/**
 * A product's catalog entry (schema v2 products): what the public list shows except stock, the only item of the product
 * in the catalog index (GSI1), so an order's stock move on the product item writes no index entry. Deleted on archive.
 */
export const catalogEntryKey = (productId: string) => ({ PK: `${PRODUCT_PREFIX}${productId}`, SK: 'CATALOG' });
/** Active products only, by name, on the catalog entry (on the product item itself for v1 products); archiving removes them. */
export const catalogIndexKey = (name: string, productId: string) => ({ GSI1PK: 'CATALOG', GSI1SK: `${name.toLowerCase()}#${productId}` });
export const CATALOG_INDEX_PARTITION = 'CATALOG';
/** A materialised page of the public catalog (L2 cache), expired by TTL and dropped when a product changes. */
export const catalogPageKey = (limit: number, depth: number) => ({
  PK: 'CACHE#CATALOG',
  SK: `PAGE#${limit}#${depth}`,
});
export const CATALOG_CACHE_PARTITION = 'CACHE#CATALOG';

const VERSION_DIGITS = 10;
const MAX_VERSION = 10 ** VERSION_DIGITS - 1;
export const orderPartition = (orderId: string) => `ORDER#${orderId}`;
export const orderEventKey = (orderId: string, version: number) => ({
  PK: orderPartition(orderId),
  SK: `EVENT#${String(version).padStart(VERSION_DIGITS, '0')}`,
});
/** The sort-key bounds (inclusive) of an order's events after `afterVersion`, for `SK BETWEEN :from AND :to`. */
export const orderEventsAfter = (orderId: string, afterVersion: number) => ({
  PK: orderPartition(orderId),
  from: orderEventKey(orderId, afterVersion + 1).SK,
  to: orderEventKey(orderId, MAX_VERSION).SK,
});
export const orderStateKey = (orderId: string) => ({ PK: orderPartition(orderId), SK: 'STATE' });
/**
 * A customer's orders, newest first (GSI3, KEYS_ONLY): on the order's first event, which never changes, so the entry
 * is written once, in the placing transaction, and no later command rewrites it. A list reads the keys here and the
 * orders' STATE items after them. GSI3 sorts by the ledger's `GSI2SK` (`<placedAt>#<orderId>`, on the same item), so
 * the event carries that position once, not twice: it keeps the first event of a usual order under 1 KB (one write
 * unit, two in the placing transaction).
 */
export const customerOrdersPartition = (customerId: string) => `CUSTOMER#${customerId}`;
export const customerOrdersIndexKey = (customerId: string) => ({ GSI3PK: customerOrdersPartition(customerId) });
/**
 * The ledger of every order ever placed, oldest to newest (GSI2): each OrderPlaced event item sits in this partition,
 * so the admin list, the payment-deadline sweep, the reconciler and the snapshot rebuild find orders without a Scan
 * and without an index entry that moves with the status. `STATUS#PLACED` is the name it had when GSI2 also held one
 * partition per status; kept, so tables written before need no migration.
 */
export const ORDER_LEDGER_PARTITION = 'STATUS#PLACED';
export const orderLedgerIndexKey = (placedAt: string, orderId: string) => ({
  GSI2PK: ORDER_LEDGER_PARTITION,
  GSI2SK: `${placedAt}#${orderId}`,
});
/**
 * How far behind the clock a walk of the order ledger keeps its checkpoint: an order's ledger entry is written when
 * placing commits, which may be a little after the `placedAt` it carries (the placing function runs for at most 10 s,
 * retries included), and a GSI read may lag behind a write. A checkpoint never passes a position younger than this,
 * so no late entry is skipped.
 */
export const ORDER_LEDGER_LAG_MS = 60_000;
/** How far a walk of the order ledger may start: every order placed before it is settled for that walk. */
export const orderWalkCheckpointKey = (walk: string) => ({ PK: 'ORDERS', SK: `CHECKPOINT#${walk}` });
export const paymentKey = (orderId: string) => ({ PK: orderPartition(orderId), SK: 'PAYMENT' });

/** The ledger's single partition: head (next seq and batch id), lease, listener checkpoint and batches. */
export const LEDGER_PARTITION = 'LEDGER';
export const ledgerHeadKey = () => ({ PK: LEDGER_PARTITION, SK: 'HEAD' });
export const ledgerLeaseKey = () => ({ PK: LEDGER_PARTITION, SK: 'LEASE' });
export const ledgerCheckpointKey = () => ({ PK: LEDGER_PARTITION, SK: 'CHECKPOINT' });
/** How far the anchor worker's walk of the order ledger (GSI2) has found every first event in a batch. */
export const ledgerIntakeCheckpointKey = () => ({ PK: LEDGER_PARTITION, SK: 'INTAKE' });
const BATCH_DIGITS = 10;
export const LEDGER_BATCH_PREFIX = 'BATCH#';
export const ledgerBatchKey = (batchId: number) => ({
  PK: LEDGER_PARTITION,
  SK: `${LEDGER_BATCH_PREFIX}${String(batchId).padStart(BATCH_DIGITS, '0')}`,
});
/** Batches by state, oldest first: the worker and listener read the unconfirmed and recently confirmed ones. */
export const ledgerBatchStatusIndexKey = (confirmed: boolean, batchId: number) => ({
  GSI1PK: confirmed ? 'LEDGER#CONFIRMED' : 'LEDGER#UNCONFIRMED',
  GSI1SK: String(batchId).padStart(BATCH_DIGITS, '0'),
});
export const LEDGER_UNCONFIRMED_PARTITION = 'LEDGER#UNCONFIRMED';
export const LEDGER_CONFIRMED_PARTITION = 'LEDGER#CONFIRMED';
/**
 * Sparse index of order events after the first not yet in a batch, oldest first; the anchor worker removes these
 * attributes. A first event is found in the order ledger (GSI2) instead: one index write less per order placed.
 */
export const unsequencedEventIndexKey = (occurredAt: string, orderId: string, version: number) => ({
  GSI1PK: LEDGER_UNSEQUENCED_PARTITION,
  GSI1SK: `${occurredAt}#${orderId}#${String(version).padStart(VERSION_DIGITS, '0')}`,
});
export const LEDGER_UNSEQUENCED_PARTITION = 'LEDGER#UNSEQUENCED';

// Notifications: tickets, WebSocket connections, per-user connection slots and the stage's connection counter.
/** A ticket is found by the hash of its value only: the value itself is never stored. */
export const ticketKey = (ticketHash: string) => ({ PK: `TICKET#${ticketHash}`, SK: 'TICKET' });

export const connectionKey = (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' });
/** A user's connections (GSI1): the worker's lookup of an order owner's sockets. */
export const userConnectionsIndexKey = (userId: string, connectionId: string) => ({
  GSI1PK: `USER#${userId}`,
  GSI1SK: `CONN#${connectionId}`,
});
export const userConnectionsPartition = (userId: string) => `USER#${userId}`;
export const CONNECTION_SORT_PREFIX = 'CONN#';
/** Subscribers of a channel (GSI2): one indexed channel per connection, which is all `orders:all` needs. */
export const channelIndexKey = (channel: string, connectionId: string) => ({
  GSI2PK: `CHANNEL#${channel}`,
  GSI2SK: `CONN#${connectionId}`,
});
export const channelPartition = (channel: string) => `CHANNEL#${channel}`;

/**
 * The per-user limit, kept strongly consistent in one item per user: connection id → expiry. Its own partition
 * (not USER#<id>) so the connect function's IAM can be limited to notification items by leading key.
 */
export const connectionSlotsKey = (userId: string) => ({ PK: `CONNSLOTS#${userId}`, SK: 'CONNSLOTS' });
/** The stage-wide ceiling: open connections counted per expiry bucket (start in epoch seconds), one partition. */
export const CONNECTION_COUNT_PARTITION = 'CONNECTIONS';
export const connectionCountKey = (bucketStart: number) => ({ PK: CONNECTION_COUNT_PARTITION, SK: connectionCountSortKey(bucketStart) });
export const connectionCountSortKey = (bucketStart: number) => `EXP#${String(bucketStart).padStart(12, '0')}`;

export type Entity =
  | 'User'
  | 'Email'
  | 'RefreshFamily'
  | 'RateWindow'
  | 'Product'
  | 'CatalogEntry'
  | 'CatalogPage'
  | 'OrderEvent'
  | 'OrderState'
  | 'OrderWalkCheckpoint'
  | 'Payment'
  | 'Ticket'
  | 'Connection'
  | 'ConnectionSlots'
  | 'ConnectionCounter'
  | 'LedgerHead'
  | 'LedgerLease'
  | 'LedgerIntakeCheckpoint'
  | 'LedgerCheckpoint'
  | 'LedgerBatch'
  | 'RiskModel'
  | 'RiskRouting'
  | 'RiskScore';

/** Every item carries its entity and a schema version. */
export const stamp = (entity: Entity, v = 1) => ({ entity, v });

/** A model registry (`risk` in the service): every version and the routing item in one partition, read through a cache. */
export const RISK_REGISTRY = 'risk';
export const modelRegistryPartition = (registry = RISK_REGISTRY) => `MODEL#${registry}`;
export const MODEL_VERSION_PREFIX = 'V#';
export const modelVersionKey = (version: number, registry = RISK_REGISTRY) => ({
  PK: modelRegistryPartition(registry),
  SK: `${MODEL_VERSION_PREFIX}${String(version).padStart(VERSION_DIGITS, '0')}`,
});
export const modelRoutingKey = (registry = RISK_REGISTRY) => ({ PK: modelRegistryPartition(registry), SK: 'ROUTING' });
/** One scored order per model version, by time, for the per-version report; labels are set on these items. */
export const riskScorePartition = (version: number) => `RISKSCORE#${version}`;
export const riskScoreKey = (version: number, scoredAt: string, orderId: string) => ({
  PK: riskScorePartition(version),
  SK: `${scoredAt}#${orderId}`,
});
