import { NotFoundError } from '#shared/domain/errors.ts';
import { parseAddress } from '#shared/domain/identity/address.ts';
import { parsePhone } from '#shared/domain/identity/phone.ts';
import type { UserPage, UserRepository } from '#shared/domain/identity/ports.ts';
import type { Role } from '#shared/domain/identity/roles.ts';
import { toProfile, type User, type UserProfile } from '#shared/domain/identity/user.ts';
import type { Clock } from './ports.ts';
import type { UpdateMeBody } from './schemas.ts';

export interface ProfileDeps {
  users: UserRepository;
  clock: Clock;
}

const load = async (users: UserRepository, id: string): Promise<User> => {
  const user = await users.getById(id);
  if (!user) throw new NotFoundError('User not found.');
  return user;
};

const save = async ({ users, clock }: ProfileDeps, user: User, changes: Partial<User>): Promise<UserProfile> => {
  const next: User = { ...user, ...changes, updatedAt: clock.now().toISOString(), version: user.version + 1 };
  await users.update(next, user.version);
  return toProfile(next);
};

export const getProfile = async ({ users }: Pick<ProfileDeps, 'users'>, userId: string): Promise<UserProfile> =>
  toProfile(await load(users, userId));

/** Changes the caller's own name, phone or address; `null` removes an optional field. */
export const updateProfile = async (deps: ProfileDeps, userId: string, body: UpdateMeBody): Promise<UserProfile> => {
  const user = await load(deps.users, userId);
  const next: User = { ...user };
  if (body.name !== undefined) next.name = body.name;
  if (body.phone === null) delete next.phone;
  else if (body.phone !== undefined) next.phone = parsePhone(body.phone);
  if (body.address === null) delete next.address;
  else if (body.address !== undefined) next.address = parseAddress(body.address);
  return save(deps, next, {});
};

/** Replaces a user's roles; only admins reach this. */
export const setRoles = async (deps: ProfileDeps, userId: string, roles: Role[]): Promise<UserProfile> =>
  save(deps, await load(deps.users, userId), { roles: [...new Set(roles)] });

export const listProfiles = async (
  { users }: Pick<ProfileDeps, 'users'>,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: UserProfile[]; nextCursor: string | null }> => {
  const page: UserPage = await users.list(query);
  return { items: page.items.map(toProfile), nextCursor: page.nextCursor };
};
