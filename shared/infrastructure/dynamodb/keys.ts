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

export const productKey = (productId: string) => ({ PK: `PRODUCT#${productId}`, SK: 'PRODUCT' });
/** Active products only, by name; archiving removes these attributes, which hides the product from lists. */
export const catalogIndexKey = (name: string, productId: string) => ({ GSI1PK: 'CATALOG', GSI1SK: `${name.toLowerCase()}#${productId}` });
export const CATALOG_INDEX_PARTITION = 'CATALOG';
/** A materialised page of the public catalog (L2 cache), expired by TTL and dropped when a product changes. */
export const catalogPageKey = (limit: number, cursor: string | undefined) => ({ PK: 'CACHE#CATALOG', SK: `PAGE#${limit}#${cursor ?? 'FIRST'}` });
export const CATALOG_CACHE_PARTITION = 'CACHE#CATALOG';

const VERSION_DIGITS = 10;
export const orderEventKey = (orderId: string, version: number) => ({ PK: `ORDER#${orderId}`, SK: `EVENT#${String(version).padStart(VERSION_DIGITS, '0')}` });
export const ORDER_EVENT_PREFIX = 'EVENT#';
export const orderPartition = (orderId: string) => `ORDER#${orderId}`;
export const orderStateKey = (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'STATE' });
export const customerOrdersIndexKey = (customerId: string, placedAt: string, orderId: string) => ({ GSI1PK: `CUSTOMER#${customerId}`, GSI1SK: `${placedAt}#${orderId}` });
export const ordersByStatusIndexKey = (status: string, placedAt: string, orderId: string) => ({ GSI2PK: `STATUS#${status}`, GSI2SK: `${placedAt}#${orderId}` });
export const paymentKey = (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'PAYMENT' });

/** A Powertools idempotency record: `<prefix>#<hash>` is the key Powertools computes. */
export const idempotencyKey = (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: 'IDEMPOTENCY' });

export type Entity = 'User' | 'Email' | 'RefreshFamily' | 'RateWindow' | 'Product' | 'CatalogPage' | 'OrderEvent' | 'OrderState' | 'Payment';

/** Every item carries its entity and a schema version. */
export const stamp = (entity: Entity, v = 1) => ({ entity, v });
