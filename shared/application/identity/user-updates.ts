import type { Clock } from '#shared/domain/clock.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { UserRepository } from '#shared/domain/identity/ports.ts';
import { toProfile, type User, type UserProfile } from '#shared/domain/identity/user.ts';

export interface UserUpdateDeps {
  users: UserRepository;
  clock: Clock;
}

/** The user, or NotFoundError. */
export const loadUser = async (users: Pick<UserRepository, 'getById'>, id: string): Promise<User> => {
  const user = await users.getById(id);
  if (!user) throw new NotFoundError('User not found.');
  return user;
};

/** Stores the user with `changes`, one version on, conditional on the version it was loaded at. */
export const saveUser = async ({ users, clock }: UserUpdateDeps, user: User, changes: Partial<User>): Promise<UserProfile> => {
  const next: User = { ...user, ...changes, updatedAt: clock.now().toISOString(), version: user.version + 1 };
  await users.update(next, user.version);
  return toProfile(next);
};
