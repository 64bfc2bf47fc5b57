import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FieldCipher } from '#shared/domain/identity/ports.ts';
import { DATA_KEY_BYTES, type DataKeyProvider, FieldDecryptionError, KEY_ID_PATTERN } from './data-key-provider.ts';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Envelope {
  keyId: string;
  iv: Buffer;
  body: Buffer;
}

// Node's base64url decoder skips characters it does not know; re-encoding catches any such edit.
const strictBase64Url = (text: string): Buffer | undefined => {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
};

const parseEnvelope = (ciphertext: string): Envelope => {
  const [version, keyId, ivText, bodyText, ...rest] = ciphertext.split('.');
  const iv = strictBase64Url(ivText ?? '');
  const body = strictBase64Url(bodyText ?? '');
  if (version !== VERSION || rest.length > 0 || keyId === undefined || !KEY_ID_PATTERN.test(keyId)) {
    throw new FieldDecryptionError('Ciphertext is not in the v1.<keyId>.<iv>.<ciphertext+tag> format');
  }
  if (iv?.length !== IV_BYTES || body === undefined || body.length < TAG_BYTES) {
    throw new FieldDecryptionError('Ciphertext has a malformed iv or body');
  }
  return { keyId, iv, body };
};

// The AAD binds the ciphertext to its format, its key id and its place (e.g. userId + field), in a key order
// that does not depend on how the caller built the object.
const additionalData = (keyId: string, context: Record<string, string>): Buffer => {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) throw new TypeError('Field encryption needs a non-empty context, e.g. { userId, field }');
  return Buffer.from(`${VERSION}.${keyId}.${JSON.stringify(entries)}`, 'utf8');
};

const assertKeySize = (key: Buffer): void => {
  if (key.length !== DATA_KEY_BYTES) throw new TypeError(`AES-256-GCM needs a ${DATA_KEY_BYTES}-byte key`);
};

/**
 * FieldCipher with AES-256-GCM under data keys from a DataKeyProvider (envelope encryption).
 * Output: `v1.<keyId>.<iv b64url>.<ciphertext+tag b64url>`; the key id lets old ciphertexts outlive a rotation.
 */
export const aesGcmFieldCipher = (keys: DataKeyProvider): FieldCipher => ({
  async encrypt(plain, context) {
    const { keyId, key } = await keys.current();
    assertKeySize(key);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId, context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, keyId, iv.toString('base64url'), body.toString('base64url')].join('.');
  },

  async decrypt(ciphertext, context) {
    const { keyId, iv, body } = parseEnvelope(ciphertext);
    const aad = additionalData(keyId, context);
    const key = await keys.byId(keyId);
    assertKeySize(key);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new FieldDecryptionError('Ciphertext failed authentication: altered, or decrypted with the wrong context', {
        cause,
      });
    }
  },
});
