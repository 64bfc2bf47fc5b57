import { parseAddress } from '#shared/domain/identity/address.ts';
import { parsePhone } from '#shared/domain/identity/phone.ts';
import type { User, UserProfile } from '#shared/domain/identity/user.ts';
import type { UpdateMeBody } from './schemas.ts';
import { loadUser, saveUser, type UserUpdateDeps } from './user-updates.ts';

/** Changes the caller's own name, phone or address; `null` removes an optional field. */
export const updateProfile = async (deps: UserUpdateDeps, userId: string, body: UpdateMeBody): Promise<UserProfile> => {
  const user = await loadUser(deps.users, userId);
  const next: User = { ...user };
  if (body.name !== undefined) next.name = body.name;
  if (body.phone === null) delete next.phone;
  else if (body.phone !== undefined) next.phone = parsePhone(body.phone);
  if (body.address === null) delete next.address;
  else if (body.address !== undefined) next.address = parseAddress(body.address);
  return saveUser(deps, next, {});
};
