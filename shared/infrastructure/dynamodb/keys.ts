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

export type Entity = 'User' | 'Email' | 'RefreshFamily' | 'RateWindow';

/** Every item carries its entity and a schema version. */
export const stamp = (entity: Entity, v = 1) => ({ entity, v });
