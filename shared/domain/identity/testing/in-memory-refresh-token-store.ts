import type { RefreshFamily, RefreshTokenStore } from '../ports.ts';

/** Refresh-token families in a Map, with the adapter's conditions: rotate only from the current hash of a live family. */
export class InMemoryRefreshTokenStore implements RefreshTokenStore {
  readonly families = new Map<string, RefreshFamily>();
  private key = (userId: string, familyId: string) => `${userId}/${familyId}`;

  async create(family: RefreshFamily) {
    this.families.set(this.key(family.userId, family.familyId), { ...family });
  }
  async get(userId: string, familyId: string) {
    const family = this.families.get(this.key(userId, familyId));
    return family && { ...family };
  }
  async rotate(userId: string, familyId: string, expectedHash: string, nextHash: string) {
    const family = this.families.get(this.key(userId, familyId));
    if (!family || family.revoked || family.tokenHash !== expectedHash) return false;
    family.tokenHash = nextHash;
    return true;
  }
  async revoke(userId: string, familyId: string) {
    const family = this.families.get(this.key(userId, familyId));
    if (family) family.revoked = true;
  }
}
