import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnavailableError } from '#shared/domain/errors.ts';
import { aesGcmFieldCipher } from './aes-gcm-field-cipher.ts';
import { FieldDecryptionError } from './data-key-provider.ts';
import {
  type DecryptInput,
  type GenerateDataKeyInput,
  kmsDataKeyApi,
  type KmsDataKeyApi,
  kmsDataKeyProvider,
} from './kms-data-key-provider.ts';

class InvalidCiphertextException extends Error {
  override readonly name = 'InvalidCiphertextException';
}

/** A fake KMS that really wraps keys (AES-GCM under a master key, bound to the encryption context) and counts calls. */
const fakeKms = () => {
  const master = randomBytes(32);
  const calls = { generateDataKey: 0, decrypt: 0 };
  const aad = (context: Record<string, string> | undefined) => Buffer.from(JSON.stringify(context ?? {}));
  const api: KmsDataKeyApi & { calls: typeof calls; outage: boolean } = {
    calls,
    outage: false,
    async generateDataKey({ EncryptionContext }: GenerateDataKeyInput) {
      calls.generateDataKey += 1;
      if (api.outage) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const wrap = createCipheriv('aes-256-gcm', master, iv).setAAD(aad(EncryptionContext));
      const body = Buffer.concat([wrap.update(plaintext), wrap.final()]);
      return { Plaintext: plaintext, CiphertextBlob: Buffer.concat([iv, wrap.getAuthTag(), body]) };
    },
    async decrypt({ CiphertextBlob, EncryptionContext }: DecryptInput) {
      calls.decrypt += 1;
      try {
        const blob = Buffer.from(CiphertextBlob);
        const unwrap = createDecipheriv('aes-256-gcm', master, blob.subarray(0, 12)).setAAD(aad(EncryptionContext));
        unwrap.setAuthTag(blob.subarray(12, 28));
        return { Plaintext: Buffer.concat([unwrap.update(blob.subarray(28)), unwrap.final()]) };
      } catch {
        throw new InvalidCiphertextException('bad blob');
      }
    },
  };
  return api;
};

const CONTEXT = { userId: '01JA0000000000000000000001', field: 'address' };
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/test';

describe('kmsDataKeyProvider', () => {
  it('asks KMS for one data key per container and writes its wrapped form as the key id', async () => {
    // Prepare
    const kms = fakeKms();
    const cipher = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN }));

    // Act
    const [first, second] = await Promise.all([cipher.encrypt('a', CONTEXT), cipher.encrypt('b', CONTEXT)]);

    // Assess
    expect(kms.calls.generateDataKey).toBe(1);
    expect(first.split('.')[1]).toBe(second.split('.')[1]);
    expect(await cipher.decrypt(first, CONTEXT)).toBe('a');
    expect(kms.calls.decrypt).toBe(0);
  });

  it('decrypts in a new container by unwrapping the data key with KMS once, then from its cache', async () => {
    // Prepare
    const kms = fakeKms();
    const written = await aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN })).encrypt('+442079460958', CONTEXT);
    const newContainer = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN }));

    // Act
    const results = await Promise.all([1, 2, 3].map(() => newContainer.decrypt(written, CONTEXT)));

    // Assess
    expect(results).toEqual(['+442079460958', '+442079460958', '+442079460958']);
    expect(kms.calls.decrypt).toBe(1);
  });

  it('keeps old ciphertexts readable after a new container encrypts with a new data key', async () => {
    // Prepare
    const kms = fakeKms();
    const old = await aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN })).encrypt('old', CONTEXT);
    const later = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN }));

    // Act
    const fresh = await later.encrypt('new', CONTEXT);

    // Assess
    expect(fresh.split('.')[1]).not.toBe(old.split('.')[1]);
    expect(await later.decrypt(old, CONTEXT)).toBe('old');
  });

  it('raises FieldDecryptionError when KMS refuses a tampered wrapped key', async () => {
    // Prepare
    const kms = fakeKms();
    const written = await aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN })).encrypt('x', CONTEXT);
    const [version, keyId, iv, body] = written.split('.');
    const wrapped = Buffer.from(keyId ?? '', 'base64url');
    wrapped[wrapped.length - 1] = (wrapped[wrapped.length - 1] ?? 0) ^ 1;
    const tampered = [version, wrapped.toString('base64url'), iv, body].join('.');

    // Act
    const act = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN })).decrypt(tampered, CONTEXT);

    // Assess
    await expect(act).rejects.toThrow(FieldDecryptionError);
  });

  it('raises UnavailableError during a KMS outage, then recovers on the next call', async () => {
    // Prepare
    const kms = fakeKms();
    const cipher = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN }));
    kms.outage = true;

    // Act
    const duringOutage = cipher.encrypt('x', CONTEXT);
    await expect(duringOutage).rejects.toThrow(UnavailableError);
    kms.outage = false;
    const afterOutage = await cipher.encrypt('x', CONTEXT);

    // Assess
    expect(await cipher.decrypt(afterOutage, CONTEXT)).toBe('x');
    expect(kms.calls.generateDataKey).toBe(2);
  });

  it('evicts the least recently used unwrapped key beyond the cache size', async () => {
    // Prepare
    const kms = fakeKms();
    const writers = [1, 2, 3].map(() => aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN })));
    const [a, b, c] = await Promise.all(writers.map((writer) => writer.encrypt('v', CONTEXT)));
    const reader = aesGcmFieldCipher(kmsDataKeyProvider({ kms, keyId: KEY_ARN, cacheSize: 2 }));

    // Act
    for (const ciphertext of [a, b, a, c, a, b]) await reader.decrypt(ciphertext ?? '', CONTEXT);

    // Assess: a, b, (a cached), c evicts b, (a cached), b again
    expect(kms.calls.decrypt).toBe(4);
  });
});

describe('kmsDataKeyApi', () => {
  it('sends the two commands through a bare client', async () => {
    // Prepare
    class GenerateDataKeyCommand {
      readonly input: GenerateDataKeyInput;
      constructor(input: GenerateDataKeyInput) {
        this.input = input;
      }
    }
    class DecryptCommand {
      readonly input: DecryptInput;
      constructor(input: DecryptInput) {
        this.input = input;
      }
    }
    const sent: object[] = [];
    const client = {
      send: async (command: object) => {
        sent.push(command);
        return { Plaintext: new Uint8Array(32), CiphertextBlob: new Uint8Array([1, 2, 3]) };
      },
    };
    const api = kmsDataKeyApi(client, { GenerateDataKeyCommand, DecryptCommand });

    // Act
    await api.generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256' });
    await api.decrypt({ CiphertextBlob: new Uint8Array([1, 2, 3]) });

    // Assess
    expect(sent[0]).toEqual(new GenerateDataKeyCommand({ KeyId: KEY_ARN, KeySpec: 'AES_256' }));
    expect(sent[1]).toEqual(new DecryptCommand({ CiphertextBlob: new Uint8Array([1, 2, 3]) }));
  });
});
