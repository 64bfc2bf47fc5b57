import { isAbsolute, join } from 'node:path';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { localSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import type { EnvMap } from './env.ts';

/**
 * Offline stand-ins for SSM and KMS: key files under .local/keys (git-ignored), created on the first start
 * and before any function runs, so concurrent cold starts never race to create them.
 */
export const localKeyEnv = async (cwd: string, env: NodeJS.ProcessEnv): Promise<EnvMap> => {
  const resolve = (path: string | undefined, fallback: string) =>
    path ? (isAbsolute(path) ? path : join(cwd, path)) : join(cwd, '.local', 'keys', fallback);
  const signingKeysFile = resolve(env.SIGNING_KEYS_FILE, 'signing-keys.json');
  const fieldKeysFile = resolve(env.FIELD_KEYS_FILE, 'field-keys.json');
  await localSigningKeys(signingKeysFile)();
  await localKeyFileProvider(fieldKeysFile).current();
  // FIELD_KMS_KEY_ID is empty offline so serverless.yml does not hand the functions an unresolved CloudFormation reference.
  return { SIGNING_KEYS_FILE: signingKeysFile, FIELD_KEYS_FILE: fieldKeysFile, FIELD_KMS_KEY_ID: '' };
};
