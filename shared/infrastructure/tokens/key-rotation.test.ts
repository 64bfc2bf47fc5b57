import { describe, expect, it } from 'vitest';
import type { PublicJwks } from '#shared/domain/identity/ports.ts';
import { createOrRotateKeys, KEY_RETENTION_SECONDS, type KeyStore, rotateKeySet } from './key-rotation.ts';
import { generateSigningKey, KEY_CACHE_SECONDS, type SigningKeySet } from './signing-keys.ts';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from './token-issuer.ts';

const NOW = new Date('2030-06-01T12:00:00.000Z');
const keyMadeSecondsAgo = (seconds: number) => ({
  ...generateSigningKey(),
  createdAt: new Date(NOW.getTime() - seconds * 1000).toISOString(),
});

const memoryStore = (initial?: SigningKeySet) => {
  const writes: Array<['private', SigningKeySet] | ['public', PublicJwks]> = [];
  let stored = initial;
  const store: KeyStore = {
    readPrivate: async () => stored,
    writePrivate: async (keys) => {
      stored = keys;
      writes.push(['private', keys]);
    },
    writePublic: async (jwks) => {
      writes.push(['public', jwks]);
    },
  };
  return { store, writes };
};

describe('rotateKeySet', () => {
  it('outlasts every token a warm container may still sign with the old key', () => {
    expect(KEY_RETENTION_SECONDS).toBeGreaterThanOrEqual(KEY_CACHE_SECONDS + MAX_ACCESS_TOKEN_TTL_SECONDS);
  });

  it.each([
    ['keeps the previous key while its successor is young', [4000, 60], ['k0', 'k1', 'new']],
    ['drops a key whose successor is older than the retention', [9000, KEY_RETENTION_SECONDS + 1], ['k1', 'new']],
    ['keeps three keys when rotating twice within the retention', [9000, 30], ['k0', 'k1', 'new']],
    ['drops only the keys whose successor is old', [9000, 8000, 30], ['k1', 'k2', 'new']],
    ['counts a key without createdAt as old', [undefined, undefined], ['k1', 'new']],
  ] as const)('%s', (_case, ages, expected) => {
    // Prepare
    const keys = ages.map((age) => (age === undefined ? generateSigningKey() : keyMadeSecondsAgo(age)));
    const fresh = { ...generateSigningKey(), createdAt: NOW.toISOString() };
    const names = new Map([...keys.map((key, index) => [key.kid, `k${index}`] as const), [fresh.kid, 'new']]);

    // Act
    const rotated = rotateKeySet({ keys }, fresh, NOW);

    // Assess
    expect(rotated.keys.map(({ kid }) => names.get(kid))).toEqual(expected);
    expect(rotated.keys.at(-1)).toBe(fresh);
  });
});

describe('createOrRotateKeys', () => {
  it('creates one key, publishing its public half before the private set', async () => {
    // Prepare
    const { store, writes } = memoryStore();

    // Act
    const { action, keys } = await createOrRotateKeys(store, { rotate: false, now: NOW });

    // Assess
    expect(action).toBe('created');
    expect(writes.map(([kind]) => kind)).toEqual(['public', 'private']);
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]?.createdAt).toBe(NOW.toISOString());
    expect(JSON.stringify(writes[0]?.[1])).not.toContain('PRIVATE');
  });

  it('rotates by appending, publishing the new kid before any issuer can sign with it', async () => {
    // Prepare
    const old = keyMadeSecondsAgo(86_400);
    const { store, writes } = memoryStore({ keys: [old] });

    // Act
    const { action, keys } = await createOrRotateKeys(store, { rotate: true, now: NOW });

    // Assess
    expect(action).toBe('rotated');
    expect(keys.keys[0]).toEqual(old);
    const [publicWrite, privateWrite] = writes;
    expect(publicWrite?.[0]).toBe('public');
    expect((publicWrite?.[1] as PublicJwks).keys.map(({ kid }) => kid)).toEqual(keys.keys.map(({ kid }) => kid));
    expect(privateWrite).toEqual(['private', keys]);
  });

  it('leaves existing keys alone without --rotate, republishing the public JWKS', async () => {
    // Prepare
    const existing = { keys: [keyMadeSecondsAgo(10)] };
    const { store, writes } = memoryStore(existing);

    // Act
    const { action } = await createOrRotateKeys(store, { rotate: false, now: NOW });

    // Assess
    expect(action).toBe('unchanged');
    expect(writes.map(([kind]) => kind)).toEqual(['public']);
  });
});
