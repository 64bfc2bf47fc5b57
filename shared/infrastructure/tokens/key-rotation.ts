import { publicJwks } from './public-jwks.ts';
import { generateSigningKey, KEY_CACHE_SECONDS, type SigningKey, type SigningKeySet } from './signing-keys.ts';
import type { PublicJwks } from '#shared/domain/identity/ports.ts';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from './token-issuer.ts';

/**
 * How long a key stays published after its successor was created. A warm issuer may sign with the old key for
 * up to KEY_CACHE_SECONDS after a rotation, and its tokens live MAX_ACCESS_TOKEN_TTL_SECONDS; a minute of clock
 * slack on top. Rotating twice within this window keeps all three keys.
 */
export const KEY_RETENTION_SECONDS = KEY_CACHE_SECONDS + MAX_ACCESS_TOKEN_TTL_SECONDS + 60;

export interface KeyStore {
  /** The private key set, or undefined before the first `create`. */
  readPrivate(): Promise<SigningKeySet | undefined>;
  writePrivate(keys: SigningKeySet): Promise<void>;
  writePublic(jwks: PublicJwks): Promise<void>;
}

/**
 * The key set after appending `fresh`: a key is dropped only once its successor is older than `retainSeconds`,
 * so every token a warm container may still sign stays verifiable until it expires. A key without `createdAt`
 * (written before it was recorded) counts as old.
 */
export const rotateKeySet = (
  existing: SigningKeySet,
  fresh: SigningKey,
  now: Date,
  retainSeconds = KEY_RETENTION_SECONDS,
): SigningKeySet => {
  const keys = [...existing.keys, fresh];
  const age = (key: SigningKey) => (key.createdAt ? (now.getTime() - Date.parse(key.createdAt)) / 1000 : Infinity);
  const firstKept = keys.findIndex((_key, index) => index === keys.length - 1 || age(keys[index + 1]!) <= retainSeconds);
  return { keys: keys.slice(firstKept) };
};

export interface RotationResult {
  action: 'created' | 'rotated' | 'unchanged';
  keys: SigningKeySet;
}

/**
 * Creates the key set, or rotates it when `rotate` is set. The public JWKS is written first, so every verifier can
 * learn a new key (cache refresh on an unknown kid) before any issuer signs with it; only then the private set.
 * Also republishes the public JWKS when nothing changes, which repairs a missing or stale public parameter.
 */
export const createOrRotateKeys = async (store: KeyStore, options: { rotate: boolean; now?: Date }): Promise<RotationResult> => {
  const now = options.now ?? new Date();
  const existing = await store.readPrivate();
  if (existing && !options.rotate) {
    await store.writePublic(publicJwks(existing));
    return { action: 'unchanged', keys: existing };
  }
  const fresh = { ...generateSigningKey(), createdAt: now.toISOString() };
  const keys = existing ? rotateKeySet(existing, fresh, now) : { keys: [fresh] };
  await store.writePublic(publicJwks(keys));
  await store.writePrivate(keys);
  return { action: existing ? 'rotated' : 'created', keys };
};
