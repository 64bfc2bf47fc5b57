import type { Email } from './email.ts';
import type { Role } from './roles.ts';
import type { User, UserId } from './user.ts';

/** One-way, salted, deliberately slow password hashing; the stored string carries its own parameters. */
export interface PasswordHasher {
  /** Hashes with the current parameters and a fresh salt. */
  hash(plain: string): Promise<string>;
  /** True when `plain` matches `stored`, compared in constant time. */
  verify(plain: string, stored: string): Promise<boolean>;
  /** True when `stored` was made with weaker parameters than today's: rehash after the next good login. */
  needsRehash(stored: string): boolean;
}

/** Authenticated encryption of one field; `context` (e.g. `{ userId, field }`) binds the ciphertext to its place. */
export interface FieldCipher {
  /** Encrypts under the current key; the result names the key, so keys can rotate. */
  encrypt(plain: string, context: Record<string, string>): Promise<string>;
  /** Decrypts; throws when the ciphertext was altered or `context` differs from the one used to encrypt. */
  decrypt(ciphertext: string, context: Record<string, string>): Promise<string>;
}

export interface ListUsersQuery {
  /** 1 to 100. */
  limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string | undefined;
}

export interface UserPage {
  items: User[];
  nextCursor: string | null;
}

/** Where users live; emails are unique (compared normalised). */
export interface UserRepository {
  /** Stores a new user; ConflictError when the email is already taken. */
  create(user: User): Promise<void>;
  /** The user, or undefined. */
  getById(id: UserId): Promise<User | undefined>;
  /** The user with this normalised email, or undefined. */
  getByEmail(email: Email): Promise<User | undefined>;
  /** Replaces the user when the stored version is `expectedVersion`; ConflictError otherwise, NotFoundError when absent; the email cannot change here. */
  update(user: User, expectedVersion: number): Promise<void>;
  /** Users newest first; ValidationError on `cursor` for a cursor it did not issue. */
  list(query: ListUsersQuery): Promise<UserPage>;
}

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
  /** The family, or undefined. */
  get(userId: string, familyId: string): Promise<RefreshFamily | undefined>;
  /** Replaces the current hash if it is still `expectedHash` and the family is live; false when it lost a race. */
  rotate(userId: string, familyId: string, expectedHash: string, nextHash: string): Promise<boolean>;
  /** Marks the family revoked; idempotent, and a no-op for an unknown family. */
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

/** One public signing key as a JSON Web Key (RFC 7517). */
export type PublicJwk = {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
};

export type PublicJwks = { keys: PublicJwk[] };

/** The public halves of the keys access tokens are signed with; never a private part. */
export interface PublicKeySource {
  publicJwks(): Promise<PublicJwks>;
}
