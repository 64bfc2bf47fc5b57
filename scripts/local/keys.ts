import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { localKeyFileProvider } from '#shared/infrastructure/crypto/local-key-file-provider.ts';
import { type KeyStore } from '#shared/infrastructure/tokens/key-rotation.ts';
import { localSigningKeys, parseSigningKeySet } from '#shared/infrastructure/tokens/signing-keys.ts';
import { publicJwks } from '#shared/infrastructure/tokens/public-jwks.ts';
import type { EnvMap } from './env.ts';

/** The public JWKS file verifiers read offline: beside the signing keys, which only the issuers read. */
export const publicJwksFileFor = (signingKeysFile: string): string => join(dirname(signingKeysFile), 'public-jwks.json');

/** Replaces a file in one step (write beside it, then rename), so a reader never sees half of it. */
const replaceFile = async (path: string, content: string, mode: number) => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
};

/** The offline key files as a KeyStore, so `npm run keys -- --file` rotates them as SSM is rotated in AWS. */
export const fileKeyStore = (signingKeysFile: string): KeyStore => ({
  readPrivate: async () => {
    const text = await readFile(signingKeysFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return text === undefined ? undefined : parseSigningKeySet(text, signingKeysFile);
  },
  writePrivate: (keys) => replaceFile(signingKeysFile, `${JSON.stringify(keys, null, 2)}\n`, 0o600),
  writePublic: (jwks) => replaceFile(publicJwksFileFor(signingKeysFile), `${JSON.stringify(jwks, null, 2)}\n`, 0o644),
});

/**
 * Offline stand-ins for SSM and KMS: key files under .local/keys (git-ignored), created on the first start
 * and before any function runs, so concurrent cold starts never race to create them.
 */
export const localKeyEnv = async (cwd: string, env: NodeJS.ProcessEnv): Promise<EnvMap> => {
  const resolve = (path: string | undefined, fallback: string) =>
    path ? (isAbsolute(path) ? path : join(cwd, path)) : join(cwd, '.local', 'keys', fallback);
  const signingKeysFile = resolve(env.SIGNING_KEYS_FILE, 'signing-keys.json');
  const fieldKeysFile = resolve(env.FIELD_KEYS_FILE, 'field-keys.json');
  const keys = await localSigningKeys(signingKeysFile)();
  await fileKeyStore(signingKeysFile).writePublic(publicJwks(keys));
  await localKeyFileProvider(fieldKeysFile).current();
  // FIELD_KMS_KEY_ID is empty offline so serverless.yml does not hand the functions an unresolved CloudFormation reference.
  return {
    SIGNING_KEYS_FILE: signingKeysFile,
    JWKS_FILE: publicJwksFileFor(signingKeysFile),
    FIELD_KEYS_FILE: fieldKeysFile,
    FIELD_KMS_KEY_ID: '',
  };
};
