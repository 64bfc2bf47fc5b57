import type { Role } from '#shared/domain/identity/roles.ts';
import type { UserProfile } from '#shared/domain/identity/user.ts';
import { loadUser, saveUser, type UserUpdateDeps } from './user-updates.ts';

/** Replaces a user's roles; only admins reach this. */
export const setRoles = async (deps: UserUpdateDeps, userId: string, roles: Role[]): Promise<UserProfile> =>
  saveUser(deps, await loadUser(deps.users, userId), { roles: [...new Set(roles)] });
