import { UnavailableError } from '#shared/domain/errors.ts';
import { DATA_KEY_BYTES, type DataKey, type DataKeyProvider, FieldDecryptionError } from './data-key-provider.ts';

export interface GenerateDataKeyInput {
  KeyId: string;
  KeySpec: 'AES_256';
  EncryptionContext?: Record<string, string>;
}
export interface DecryptInput {
  CiphertextBlob: Uint8Array;
  KeyId?: string;
  EncryptionContext?: Record<string, string>;
}

/** The two KMS calls envelope encryption needs; the aggregated `KMS` client of @aws-sdk/client-kms fits as is. */
export interface KmsDataKeyApi {
  generateDataKey(input: GenerateDataKeyInput): Promise<{ Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }>;
  decrypt(input: DecryptInput): Promise<{ Plaintext?: Uint8Array }>;
}

/** Anything with the SDK v3 `send`, such as `KMSClient`. */
export interface KmsSendClient {
  send(command: object): Promise<unknown>;
}
export interface KmsCommandClasses {
  GenerateDataKeyCommand: new (input: GenerateDataKeyInput) => object;
  DecryptCommand: new (input: DecryptInput) => object;
}

/**
 * Adapts a bare `KMSClient` plus its two commands, so bundles carry only those commands:
 * `kmsDataKeyApi(new KMSClient({}), { GenerateDataKeyCommand, DecryptCommand })`.
 */
export const kmsDataKeyApi = (client: KmsSendClient, commands: KmsCommandClasses): KmsDataKeyApi => ({
  // The SDK's outputs carry these fields and more; the provider checks they are present before use.
  generateDataKey: async (input) =>
    (await client.send(new commands.GenerateDataKeyCommand(input))) as { Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array },
  decrypt: async (input) => (await client.send(new commands.DecryptCommand(input))) as { Plaintext?: Uint8Array },
});

export interface KmsDataKeyProviderOptions {
  kms: KmsDataKeyApi;
  /** KMS key id, ARN or alias of the symmetric key that wraps the data keys. */
  keyId: string;
  /** Bound into every wrapped key; changing it makes existing data unreadable. */
  encryptionContext?: Record<string, string>;
  /** Unwrapped data keys kept per container (least recently used evicted). */
  cacheSize?: number;
}

const DEFAULT_ENCRYPTION_CONTEXT = { app: 'orderly', purpose: 'field-encryption' };
const DEFAULT_CACHE_SIZE = 100;

const toKey = (plaintext: Uint8Array | undefined): Buffer => {
  if (plaintext?.length !== DATA_KEY_BYTES) throw new Error(`KMS returned no ${DATA_KEY_BYTES}-byte data key`);
  return Buffer.from(plaintext);
};

// No SDK import here, so no `instanceof`: the exception's name is the only handle on a ciphertext KMS rejects.
const translate = (error: unknown): Error =>
  error instanceof Error && (error.name === 'InvalidCiphertextException' || error.name === 'IncorrectKeyException')
    ? new FieldDecryptionError('KMS refused the wrapped data key', { cause: error })
    : new UnavailableError('Key management service is unavailable', { cause: error });

/**
 * DataKeyProvider on AWS KMS: one data key per container from GenerateDataKey (AES_256); its wrapped form
 * (CiphertextBlob, base64url) is the key id, so each ciphertext carries what KMS Decrypt needs to unwrap its key.
 * KMS key rotation and new containers both yield new data keys, and old ciphertexts keep decrypting.
 */
export const kmsDataKeyProvider = (options: KmsDataKeyProviderOptions): DataKeyProvider => {
  const encryptionContext = options.encryptionContext ?? DEFAULT_ENCRYPTION_CONTEXT;
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const unwrapped = new Map<string, Promise<Buffer>>();
  let current: Promise<DataKey> | undefined;

  const remember = (keyId: string, key: Promise<Buffer>): Promise<Buffer> => {
    unwrapped.delete(keyId);
    unwrapped.set(keyId, key);
    const oldest = unwrapped.keys().next();
    if (unwrapped.size > cacheSize && !oldest.done) unwrapped.delete(oldest.value);
    key.catch(() => {
      if (unwrapped.get(keyId) === key) unwrapped.delete(keyId);
    });
    return key;
  };

  const generate = async (): Promise<DataKey> => {
    const output = await options.kms
      .generateDataKey({ KeyId: options.keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext })
      .catch((error: unknown) => Promise.reject(translate(error)));
    if (output.CiphertextBlob === undefined) throw new Error('KMS returned no wrapped data key');
    const dataKey = { keyId: Buffer.from(output.CiphertextBlob).toString('base64url'), key: toKey(output.Plaintext) };
    void remember(dataKey.keyId, Promise.resolve(dataKey.key));
    return dataKey;
  };

  const unwrap = async (keyId: string): Promise<Buffer> => {
    const output = await options.kms
      .decrypt({ CiphertextBlob: Buffer.from(keyId, 'base64url'), KeyId: options.keyId, EncryptionContext: encryptionContext })
      .catch((error: unknown) => Promise.reject(translate(error)));
    return toKey(output.Plaintext);
  };

  return {
    current() {
      if (current === undefined) {
        const attempt = generate();
        current = attempt;
        attempt.catch(() => {
          if (current === attempt) current = undefined;
        });
      }
      return current;
    },

    byId(keyId) {
      const cached = unwrapped.get(keyId);
      return cached === undefined ? remember(keyId, unwrap(keyId)) : remember(keyId, cached);
    },
  };
};
