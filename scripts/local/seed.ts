import { ulid } from 'ulid';
import { registerUser } from '#shared/application/identity/register-user.ts';
import { setRoles } from '#shared/application/identity/set-roles.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { parseEmail } from '#shared/domain/identity/email.ts';
import type { Role } from '#shared/domain/identity/roles.ts';
import { aesGcmFieldCipher } from '#shared/infrastructure/crypto/aes-gcm-field-cipher.ts';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { scryptPasswordHasher } from '#shared/infrastructure/crypto/scrypt-password-hasher.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { dynamoUserRepository } from '#shared/infrastructure/identity/dynamo-user-repository.ts';
import { localCredentials } from './aws.ts';
import type { EnvMap } from './env.ts';

interface SeedAccount {
  email: string;
  password: string;
  name: string;
  roles: Role[];
}

const accountsFrom = (env: EnvMap): SeedAccount[] => [
  { email: env.SEED_ADMIN_EMAIL ?? 'admin@orderly.local', password: env.SEED_ADMIN_PASSWORD ?? '', name: 'Demo Admin', roles: ['admin'] },
  {
    email: env.SEED_CUSTOMER_EMAIL ?? 'customer@orderly.local',
    password: env.SEED_CUSTOMER_PASSWORD ?? '',
    name: 'Demo Customer',
    roles: ['customer'],
  },
];

/** Demo data for the offline stack: creates each account only when its email is not taken yet. Local only. */
export const seed = async (env: EnvMap): Promise<string[]> => {
  const client = createDynamoClient({
    region: env.AWS_REGION ?? 'eu-west-1',
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: localCredentials,
  });
  const users = dynamoUserRepository({
    client,
    tableName: env.TABLE_NAME!,
    cipher: aesGcmFieldCipher(localKeyFileProvider(env.FIELD_KEYS_FILE!)),
  });
  const deps = {
    users,
    hasher: scryptPasswordHasher({ cost: { ln: Number(env.PASSWORD_SCRYPT_LOG_N ?? 17), r: 8, p: 1 } }),
    clock: { now: () => new Date() },
    newId: ulid,
  };
  const created: string[] = [];
  for (const account of accountsFrom(env)) {
    if (await users.getByEmail(parseEmail(account.email))) continue;
    try {
      const profile = await registerUser(deps, { email: account.email, password: account.password, name: account.name });
      if (account.roles.join() !== profile.roles.join()) await setRoles(deps, profile.id, account.roles);
      created.push(account.email);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw new Error(`Cannot seed ${account.email}: ${(error as Error).message}`, { cause: error });
    }
  }
  client.destroy();
  return created;
};
