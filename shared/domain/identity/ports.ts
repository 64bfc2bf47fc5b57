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
  /** Only users holding this role. */
  role?: Role | undefined;
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
  /** Users newest first, optionally only those with a role; ValidationError on `cursor` for a cursor it did not issue. */
  list(query: ListUsersQuery): Promise<UserPage>;
}
