import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import { FieldDecryptionError } from './data-key-provider.ts';
import { localKeyFileProvider, rotateLocalKeyFile } from './local-key-file-provider.ts';

describe('localKeyFileProvider', () => {
  const temp = useTempDir('orderly-keys-');

  it('creates the key file on first use with one random 32-byte key, readable by its owner only (0600)', async () => {
    // Prepare
    const path = join(temp.path, 'nested', 'field-keys.json');

    // Act
    const { keyId, key } = await localKeyFileProvider(path).current();

    // Assess
    const file = JSON.parse(await readFile(path, 'utf8')) as { keys: { keyId: string; key: string }[] };
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(file.keys).toHaveLength(1);
    expect(file.keys[0]?.keyId).toBe(keyId);
    expect(key).toHaveLength(32);
    expect(Buffer.from(file.keys[0]?.key ?? '', 'base64')).toEqual(key);
  });

  it('reuses the existing file instead of overwriting it', async () => {
    // Prepare
    const path = join(temp.path, 'field-keys.json');
    const first = await localKeyFileProvider(path).current();

    // Act
    const second = await localKeyFileProvider(path).current();

    // Assess
    expect(second).toEqual(first);
  });

  it('makes the last key current after a rotation, keeps the old one and the 0600 mode', async () => {
    // Prepare
    const path = join(temp.path, 'field-keys.json');
    const old = await localKeyFileProvider(path).current();

    // Act
    const rotatedId = await rotateLocalKeyFile(path);
    const provider = localKeyFileProvider(path);

    // Assess
    expect((await provider.current()).keyId).toBe(rotatedId);
    expect(await provider.byId(old.keyId)).toEqual(old.key);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('finds a key added by another process after it first read the file', async () => {
    // Prepare
    const path = join(temp.path, 'field-keys.json');
    const provider = localKeyFileProvider(path);
    await provider.current();

    // Act
    const rotatedId = await rotateLocalKeyFile(path);

    // Assess
    expect(await provider.byId(rotatedId)).toHaveLength(32);
  });

  it('raises FieldDecryptionError for a key id it does not have', async () => {
    await expect(localKeyFileProvider(join(temp.path, 'k.json')).byId('nope')).rejects.toThrow(FieldDecryptionError);
  });

  it.each([
    ['no keys', { keys: [] }],
    ['a 16-byte key', { keys: [{ keyId: 'k1', key: Buffer.alloc(16).toString('base64') }] }],
    ['a key id with a dot', { keys: [{ keyId: 'k.1', key: Buffer.alloc(32).toString('base64') }] }],
  ])('refuses a key file with %s, naming the file', async (_case, content) => {
    // Prepare
    const path = join(temp.path, 'bad.json');
    await writeFile(path, JSON.stringify(content), { mode: 0o600 });

    // Act
    const act = localKeyFileProvider(path).current();

    // Assess
    await expect(act).rejects.toThrow(path);
  });
});
