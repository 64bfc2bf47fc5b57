import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from '#shared/zod.ts';
import { DATA_KEY_BYTES, type DataKey, type DataKeyProvider, FieldDecryptionError, KEY_ID_PATTERN } from './data-key-provider.ts';

const keyFileSchema = z.object({
  keys: z
    .array(
      z.object({
        keyId: z.string().check(z.regex(KEY_ID_PATTERN)),
        key: z.base64().check(z.refine((key) => Buffer.from(key, 'base64').length === DATA_KEY_BYTES, `must be ${DATA_KEY_BYTES} bytes`)),
        createdAt: z.optional(z.string()),
      }),
    )
    .check(z.minLength(1)),
});
type KeyFile = z.infer<typeof keyFileSchema>;

const newKeyEntry = (): KeyFile['keys'][number] => ({
  keyId: `local-${randomBytes(6).toString('base64url')}`,
  key: randomBytes(DATA_KEY_BYTES).toString('base64'),
  createdAt: new Date().toISOString(),
});

const serialise = (file: KeyFile): string => `${JSON.stringify(file, null, 2)}\n`;

const isErrorCode = (error: unknown, code: string): boolean => error instanceof Error && 'code' in error && error.code === code;

const readKeyFile = async (path: string): Promise<KeyFile> => {
  const parsed = keyFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`Key file ${path} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

/** Reads the key file, creating it (0600, in a 0700 folder) with one fresh key when it does not exist yet. */
const loadOrCreate = async (path: string): Promise<KeyFile> => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting together never overwrite each other's key.
    await writeFile(path, serialise({ keys: [newKeyEntry()] }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (!isErrorCode(error, 'EEXIST')) throw error;
  }
  return readKeyFile(path);
};

/** Adds a new key to the file and makes it current; older keys stay so their ciphertexts still decrypt. */
export const rotateLocalKeyFile = async (path: string): Promise<string> => {
  const file = await loadOrCreate(path);
  const entry = newKeyEntry();
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, serialise({ keys: [...file.keys, entry] }), { flag: 'wx', mode: 0o600 });
  await rename(temporary, path);
  return entry.keyId;
};

const toKeyMap = (file: KeyFile): Map<string, Buffer> => new Map(file.keys.map(({ keyId, key }) => [keyId, Buffer.from(key, 'base64')]));

/**
 * DataKeyProvider for offline use: keys in a JSON file `{ keys: [{ keyId, key (base64) }] }`, the last one current.
 * Read once per process; an unknown id triggers one re-read, in case another process rotated meanwhile.
 */
export const localKeyFileProvider = (path: string): DataKeyProvider => {
  let loading: Promise<KeyFile> | undefined;
  const load = (reload = false): Promise<KeyFile> => {
    if (loading !== undefined && !reload) return loading;
    const attempt = loadOrCreate(path);
    loading = attempt;
    // A failed read is not remembered: the next call tries again.
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    return attempt;
  };

  return {
    async current(): Promise<DataKey> {
      const file = await load();
      const last = file.keys.at(-1);
      if (last === undefined) throw new Error(`Key file ${path} has no keys`);
      return { keyId: last.keyId, key: Buffer.from(last.key, 'base64') };
    },

    async byId(keyId) {
      const key = toKeyMap(await load()).get(keyId) ?? toKeyMap(await load(true)).get(keyId);
      if (key === undefined) throw new FieldDecryptionError(`No data key ${keyId} in ${path}`);
      return key;
    },
  };
};
