import { RateLimitedError } from '#shared/domain/errors.ts';
import type { PasswordHasher } from '#shared/domain/identity/ports.ts';
import type { AccessTokenIssuer, RateLimiter, RefreshFamily, RefreshTokenStore } from '../ports.ts';

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

export class InMemoryRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async consume(scope: string, subject: string, rule: { limit: number }) {
    const key = `${scope}/${subject}`;
    const used = this.counts.get(key) ?? 0;
    if (used >= rule.limit) throw new RateLimitedError('Too many attempts', { retryAfterSeconds: 60 });
    this.counts.set(key, used + 1);
  }
  async reset(scope: string, subject: string) {
    this.counts.delete(`${scope}/${subject}`);
  }
}

/** Reversible "hash" for unit tests: the real scrypt hasher has its own tests. */
export const FakePasswordHasher: PasswordHasher = {
  hash: async (plain) => `fake$${plain}`,
  verify: async (plain, stored) => stored === `fake$${plain}`,
  needsRehash: () => false,
};

export const fakeTokenIssuer = (): AccessTokenIssuer & { issued: Array<{ sub: string; roles: string[] }> } => {
  const issued: Array<{ sub: string; roles: string[] }> = [];
  return {
    issued,
    issue: async (claims) => {
      issued.push({ sub: claims.sub, roles: [...claims.roles] });
      return { accessToken: `access-${issued.length}`, expiresIn: 900 };
    },
  };
};
