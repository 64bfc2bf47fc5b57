import type { UserRepository } from '#shared/domain/identity/ports.ts';
import { toProfile, type UserProfile } from '#shared/domain/identity/user.ts';
import { loadUser } from './user-updates.ts';

/** The caller's own profile; never the password hash. */
export const getProfile = async ({ users }: { users: Pick<UserRepository, 'getById'> }, userId: string): Promise<UserProfile> =>
  toProfile(await loadUser(users, userId));
