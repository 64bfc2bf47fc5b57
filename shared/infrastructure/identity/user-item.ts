import type { Address } from '#shared/domain/identity/address.ts';
import type { FieldCipher } from '#shared/domain/identity/ports.ts';
import type { PhoneNumber } from '#shared/domain/identity/phone.ts';
import type { User } from '#shared/domain/identity/user.ts';

/** A user as stored: personal fields replaced by ciphertexts bound to the user and the field name. */
export type StoredUser = Omit<User, 'phone' | 'address'> & { phoneEnc?: string; addressEnc?: string };

const contextOf = (userId: string, field: string) => ({ userId, field });

export const encryptPersonalData = async (cipher: FieldCipher, user: User): Promise<StoredUser> => {
  const { phone, address, ...rest } = user;
  return {
    ...rest,
    ...(phone === undefined ? {} : { phoneEnc: await cipher.encrypt(phone, contextOf(user.id, 'phone')) }),
    ...(address === undefined ? {} : { addressEnc: await cipher.encrypt(JSON.stringify(address), contextOf(user.id, 'address')) }),
  };
};

export const decryptPersonalData = async (cipher: FieldCipher, item: StoredUser): Promise<User> => {
  const { phoneEnc, addressEnc, ...rest } = item;
  const user: User = {
    id: rest.id,
    email: rest.email,
    name: rest.name,
    roles: rest.roles,
    passwordHash: rest.passwordHash,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    version: rest.version,
  };
  if (phoneEnc !== undefined) user.phone = (await cipher.decrypt(phoneEnc, contextOf(rest.id, 'phone'))) as PhoneNumber;
  if (addressEnc !== undefined) user.address = JSON.parse(await cipher.decrypt(addressEnc, contextOf(rest.id, 'address'))) as Address;
  return user;
};
