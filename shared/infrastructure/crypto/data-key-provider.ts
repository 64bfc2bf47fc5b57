/** A 256-bit data key and the id that finds it again; the id is written into every ciphertext it makes. */
export interface DataKey {
  keyId: string;
  key: Buffer;
}

/** Where the field cipher gets its keys: the current one to encrypt, any past one to decrypt. */
export interface DataKeyProvider {
  /** The key new ciphertexts use. */
  current(): Promise<DataKey>;
  /** The key with this id; FieldDecryptionError when there is none. */
  byId(keyId: string): Promise<Buffer>;
}

/** Key ids travel inside dot-separated ciphertexts, so they use the base64url alphabet only. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,1024}$/;
export const DATA_KEY_BYTES = 32;

/**
 * A ciphertext that cannot be opened: altered, moved to another record or field, or made with a key we no longer
 * have. Deliberately not a DomainError: it means our own data is damaged, which is a 500, not the caller's fault.
 */
export class FieldDecryptionError extends Error {
  override readonly name = 'FieldDecryptionError';
}
