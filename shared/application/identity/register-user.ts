import type { Clock } from '#shared/domain/clock.ts';
import { parseEmail } from '#shared/domain/identity/email.ts';
import { assertPasswordAcceptable } from '#shared/domain/identity/password-policy.ts';
import { parsePhone } from '#shared/domain/identity/phone.ts';
import type { PasswordHasher, UserRepository } from '#shared/domain/identity/ports.ts';
import { DEFAULT_ROLES } from '#shared/domain/identity/roles.ts';
import { toProfile, type User, type UserProfile } from '#shared/domain/identity/user.ts';
import type { RegisterBody } from './schemas.ts';

export interface RegisterDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  clock: Clock;
  newId: () => string;
}

/** Creates a customer account. The email is unique (ConflictError otherwise); roles are never chosen by the caller. */
export const registerUser = async ({ users, hasher, clock, newId }: RegisterDeps, input: RegisterBody): Promise<UserProfile> => {
  const email = parseEmail(input.email);
  assertPasswordAcceptable(input.password);
  const now = clock.now().toISOString();
  const user: User = {
    id: newId(),
    email,
    name: input.name,
    ...(input.phone === undefined ? {} : { phone: parsePhone(input.phone) }),
    roles: [...DEFAULT_ROLES],
    passwordHash: await hasher.hash(input.password),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await users.create(user);
  return toProfile(user);
};
