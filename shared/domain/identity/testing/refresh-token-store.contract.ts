import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { RefreshFamily, RefreshTokenStore } from '../ports.ts';

const aFamily = (overrides: Partial<RefreshFamily> = {}): RefreshFamily => ({
  userId: ulid(),
  familyId: ulid(),
  tokenHash: 'h1',
  revoked: false,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  ...overrides,
});

/** The RefreshTokenStore contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeRefreshTokenStoreContract = (name: string, makeStore: () => RefreshTokenStore) =>
  describe(`${name} honours the RefreshTokenStore contract`, () => {
    it('returns a created family as stored, and nothing for an unknown one', async () => {
      const store = makeStore();
      const family = aFamily();

      await store.create(family);

      expect(await store.get(family.userId, family.familyId)).toEqual(family);
      expect(await store.get(family.userId, ulid())).toBeUndefined();
    });

    it('rotates only from the current hash', async () => {
      const store = makeStore();
      const family = aFamily();
      await store.create(family);

      expect(await store.rotate(family.userId, family.familyId, 'not-current', 'h2')).toBe(false);
      expect(await store.rotate(family.userId, family.familyId, 'h1', 'h2')).toBe(true);
      expect(await store.rotate(family.userId, family.familyId, 'h1', 'h3')).toBe(false);
      expect(await store.get(family.userId, family.familyId)).toMatchObject({ tokenHash: 'h2', revoked: false });
    });

    it('lets exactly one of two concurrent rotations from the same hash win', async () => {
      const store = makeStore();
      const family = aFamily();
      await store.create(family);

      const racers = await Promise.all([
        store.rotate(family.userId, family.familyId, 'h1', 'h2a'),
        store.rotate(family.userId, family.familyId, 'h1', 'h2b'),
      ]);

      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('never rotates a revoked family, and revoking is idempotent', async () => {
      const store = makeStore();
      const family = aFamily();
      await store.create(family);

      await store.revoke(family.userId, family.familyId);
      await store.revoke(family.userId, family.familyId);

      expect(await store.get(family.userId, family.familyId)).toMatchObject({ revoked: true, tokenHash: 'h1' });
      expect(await store.rotate(family.userId, family.familyId, 'h1', 'h2')).toBe(false);
    });

    it('ignores the revocation of an unknown family', async () => {
      const store = makeStore();
      const userId = ulid();
      const familyId = ulid();

      await expect(store.revoke(userId, familyId)).resolves.toBeUndefined();
      expect(await store.get(userId, familyId)).toBeUndefined();
    });
  });
