import type { Address } from './address.ts';
import type { Email } from './email.ts';
import type { PhoneNumber } from './phone.ts';
import type { Role } from './roles.ts';

/** A ULID. */
export type UserId = string;

/** A registered account. `phone` and `address` are plain here; the repository encrypts them at rest. */
export interface User {
  id: UserId;
  email: Email;
  name: string;
  phone?: PhoneNumber;
  address?: Address;
  roles: Role[];
  /** Self-describing hash from a PasswordHasher; never leaves the identity context. */
  passwordHash: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** ISO 8601 UTC. */
  updatedAt: string;
  /** Starts at 1; every update adds 1 (optimistic concurrency). */
  version: number;
}

/** What a user, support or an admin may see of an account: never the hash. */
export interface UserProfile {
  id: UserId;
  email: Email;
  name: string;
  phone?: PhoneNumber;
  address?: Address;
  roles: Role[];
  createdAt: string;
}

// Built field by field rather than by omitting the hash, so a field added to User later stays private until chosen.
export const toProfile = (user: User): UserProfile => ({
  id: user.id,
  email: user.email,
  name: user.name,
  ...(user.phone === undefined ? {} : { phone: user.phone }),
  ...(user.address === undefined ? {} : { address: { ...user.address } }),
  roles: [...user.roles],
  createdAt: user.createdAt,
});
