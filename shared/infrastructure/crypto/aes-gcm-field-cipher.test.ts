import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import { aesGcmFieldCipher } from './aes-gcm-field-cipher.ts';
import { type DataKeyProvider, FieldDecryptionError } from './data-key-provider.ts';
import { localKeyFileProvider, rotateLocalKeyFile } from './local-key-file-provider.ts';

const fixedKeyProvider = (keyId = 'test-key', key = randomBytes(32)): DataKeyProvider => ({
  current: async () => ({ keyId, key }),
  byId: async (id) => {
    if (id !== keyId) throw new FieldDecryptionError(`No data key ${id}`);
    return key;
  },
});

const CONTEXT = { userId: '01JA0000000000000000000001', field: 'phone' };

const replacePart = (ciphertext: string, index: number, replace: (part: string) => string): string =>
  ciphertext
    .split('.')
    .map((part, i) => (i === index ? replace(part) : part))
    .join('.');

const flipByte = (base64url: string, at: number): string => {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
};

describe('aesGcmFieldCipher', () => {
  it.each([
    ['a phone number', '+442079460958'],
    ['an empty string', ''],
    ['unicode', 'Straße 5, 東京 🏠'],
    ['a JSON address', JSON.stringify({ line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' })],
  ])('round-trips %s', async (_case, plain) => {
    // Prepare
    const cipher = aesGcmFieldCipher(fixedKeyProvider());

    // Act
    const ciphertext = await cipher.encrypt(plain, CONTEXT);

    // Assess
    expect(await cipher.decrypt(ciphertext, CONTEXT)).toBe(plain);
  });

  it('writes v1.<keyId>.<iv>.<ciphertext+tag>, with a fresh 12-byte iv each time and no plaintext', async () => {
    // Prepare
    const cipher = aesGcmFieldCipher(fixedKeyProvider('key-1'));

    // Act
    const first = await cipher.encrypt('+442079460958', CONTEXT);
    const second = await cipher.encrypt('+442079460958', CONTEXT);

    // Assess
    const [version, keyId, iv, body] = first.split('.');
    expect([version, keyId]).toEqual(['v1', 'key-1']);
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(body ?? '', 'base64url')).toHaveLength(13 + 16);
    expect(first).not.toBe(second);
    expect(first).not.toContain('442079460958');
  });

  it('decrypts whatever the key order of the context object', async () => {
    // Prepare
    const cipher = aesGcmFieldCipher(fixedKeyProvider());
    const ciphertext = await cipher.encrypt('secret', { userId: 'u1', field: 'phone' });

    // Act + Assess
    expect(await cipher.decrypt(ciphertext, { field: 'phone', userId: 'u1' })).toBe('secret');
  });

  it.each([
    ['another user', { ...CONTEXT, userId: '01JA0000000000000000000002' }],
    ['another field', { ...CONTEXT, field: 'address' }],
    ['an extra context entry', { ...CONTEXT, tenant: 't1' }],
    ['a missing context entry', { userId: CONTEXT.userId }],
  ])('refuses a ciphertext moved to %s', async (_case, otherContext) => {
    // Prepare
    const cipher = aesGcmFieldCipher(fixedKeyProvider());
    const ciphertext = await cipher.encrypt('+442079460958', CONTEXT);

    // Act
    const act = cipher.decrypt(ciphertext, otherContext);

    // Assess
    await expect(act).rejects.toThrow(FieldDecryptionError);
  });

  it.each<[string, (ciphertext: string) => string]>([
    ['a flipped ciphertext byte', (c) => replacePart(c, 3, (body) => flipByte(body, 0))],
    ['a flipped tag byte', (c) => replacePart(c, 3, (body) => flipByte(body, Buffer.from(body, 'base64url').length - 1))],
    ['a flipped iv byte', (c) => replacePart(c, 2, (iv) => flipByte(iv, 0))],
    ['a truncated body', (c) => replacePart(c, 3, (body) => body.slice(0, 10))],
    ['a junk character in the body', (c) => replacePart(c, 3, (body) => `${body}*`)],
    ['an unknown version', (c) => replacePart(c, 0, () => 'v2')],
    ['an unknown key id', (c) => replacePart(c, 1, () => 'other-key')],
    ['an extra part', (c) => `${c}.AAAA`],
    ['not a ciphertext at all', () => '+442079460958'],
  ])('throws FieldDecryptionError for %s', async (_case, tamper) => {
    // Prepare
    const cipher = aesGcmFieldCipher(fixedKeyProvider());
    const ciphertext = await cipher.encrypt('+442079460958', CONTEXT);

    // Act
    const act = cipher.decrypt(tamper(ciphertext), CONTEXT);

    // Assess
    await expect(act).rejects.toThrow(FieldDecryptionError);
  });

  it('refuses an empty context, which would bind the ciphertext to nothing', async () => {
    await expect(aesGcmFieldCipher(fixedKeyProvider()).encrypt('secret', {})).rejects.toThrow(TypeError);
  });

  describe('with a local key file', () => {
    const temp = useTempDir('orderly-cipher-');

    it('keeps decrypting old ciphertexts after a rotation and encrypts new ones with the new key', async () => {
      // Prepare
      const path = join(temp.path, 'keys.json');
      const before = aesGcmFieldCipher(localKeyFileProvider(path));
      const old = await before.encrypt('+442079460958', CONTEXT);
      const newKeyId = await rotateLocalKeyFile(path);
      const after = aesGcmFieldCipher(localKeyFileProvider(path));

      // Act
      const decryptedOld = await after.decrypt(old, CONTEXT);
      const fresh = await after.encrypt('+33612345678', CONTEXT);

      // Assess
      expect(decryptedOld).toBe('+442079460958');
      expect(fresh.split('.')[1]).toBe(newKeyId);
      expect(old.split('.')[1]).not.toBe(newKeyId);
      expect(await before.decrypt(fresh, CONTEXT)).toBe('+33612345678');
    });
  });
});
