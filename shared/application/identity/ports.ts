import type { Role } from '#shared/domain/identity/roles.ts';

/** Signs short-lived access tokens. */
export interface AccessTokenIssuer {
  issue(claims: { sub: string; roles: Role[] }): Promise<{ accessToken: string; expiresIn: number }>;
}

/** A refresh-token family: one chain of rotations that started at one login. */
export interface RefreshFamily {
  userId: string;
  familyId: string;
  tokenHash: string;
  revoked: boolean;
  expiresAt: number;
}

/** Where refresh-token families live; only hashes of tokens are stored. */
export interface RefreshTokenStore {
  /** Starts a family at login. */
  create(family: RefreshFamily): Promise<void>;
  get(userId: string, familyId: string): Promise<RefreshFamily | undefined>;
  /** Replaces the current hash if it is still `expectedHash` and the family is live; false when it lost a race. */
  rotate(userId: string, familyId: string, expectedHash: string, nextHash: string): Promise<boolean>;
  /** Marks the family revoked; idempotent. */
  revoke(userId: string, familyId: string): Promise<void>;
}

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** Counts attempts per scope and subject in fixed windows. */
export interface RateLimiter {
  /** Takes one attempt; RateLimitedError (with retry-after) when the window is used up. */
  consume(scope: string, subject: string, rule: RateRule): Promise<void>;
  /** Forgets the subject's attempts in the current window (e.g. after a successful login). */
  reset(scope: string, subject: string, rule: RateRule): Promise<void>;
}

export interface Clock {
  now(): Date;
}
