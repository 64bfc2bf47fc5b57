import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import {
  generateSigningKey,
  localSigningKeys,
  parameterSigningKeys,
  parseSigningKeySet,
  type ReadSecureParameter,
} from './signing-keys.ts';

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ecPem = generateSigningKey().privateKeyPem;

const fakeRead = (respond: () => Promise<string | undefined>) => {
  const calls: unknown[] = [];
  const read: ReadSecureParameter = async (name, options) => {
    calls.push({ name, ...options });
    return respond();
  };
  return { read, calls };
};

const errorOf = async (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

describe('localSigningKeys', () => {
  const temp = useTempDir('orderly-keys-');

  it('creates the key file with mode 0600, parent folders included, on first use', async () => {
    // Prepare
    const path = join(temp.path, '.local', 'keys', 'signing-keys.json');

    // Act
    const { keys } = await localSigningKeys(path)();

    // Assess
    expect(keys).toHaveLength(1);
    expect(keys[0]?.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.path, '.local', 'keys'))).mode & 0o077).toBe(0);
  });

  it('reuses the existing file on the next start, keeping the same kid', async () => {
    // Prepare
    const path = join(temp.path, 'signing-keys.json');
    const first = await localSigningKeys(path)();

    // Act
    const second = await localSigningKeys(path)();

    // Assess
    expect(second).toEqual(first);
  });

  it('loads once per cache lifetime: calls within it share the same promise', async () => {
    // Prepare
    const load = localSigningKeys(join(temp.path, 'signing-keys.json'));

    // Act
    const [first, second] = [load(), load()];

    // Assess
    expect(second).toBe(first);
    await first;
  });

  it('reads the file again once the cache lifetime is over, so a rotation reaches a warm container', async () => {
    // Prepare
    const path = join(temp.path, 'signing-keys.json');
    let now = 0;
    const load = localSigningKeys(path, 300, () => now);
    const before = await load();
    const rotated = { keys: [...before.keys, generateSigningKey()] };
    await writeFile(path, JSON.stringify(rotated));

    // Act
    const within = await load();
    now = 300_000;
    const after = await load();

    // Assess
    expect(within).toBe(before);
    expect(after.keys.map(({ kid }) => kid)).toEqual(rotated.keys.map(({ kid }) => kid));
  });

  it('records when a key it creates was made', async () => {
    // Prepare
    const path = join(temp.path, 'signing-keys.json');

    // Act
    const { keys } = await localSigningKeys(path, 300, () => Date.parse('2030-01-01T00:00:00.000Z'))();

    // Assess
    expect(keys[0]?.createdAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it.each([
    ['not JSON', `{"keys":[{"kid":"a","privateKeyPem":"${ecPem.replaceAll('\n', '\\n')}"}`],
    ['an RSA key', JSON.stringify({ keys: [{ kid: 'a', privateKeyPem: rsaPem }] })],
    ['no keys', JSON.stringify({ keys: [] })],
    [
      'a duplicate kid',
      JSON.stringify({
        keys: [
          { kid: 'a', privateKeyPem: ecPem },
          { kid: 'a', privateKeyPem: ecPem },
        ],
      }),
    ],
    ['a kid with spaces', JSON.stringify({ keys: [{ kid: 'a b', privateKeyPem: ecPem }] })],
  ])('fails with a clear error that shows no key material when the file holds %s', async (_case, content) => {
    // Prepare
    const path = join(temp.path, 'signing-keys.json');
    await writeFile(path, content);

    // Act
    const error = await errorOf(localSigningKeys(path)());

    // Assess
    expect(error.message).toContain(`Signing keys in ${path}`);
    expect(`${error.message} ${String(error.cause)}`).not.toMatch(/PRIVATE KEY|MII/);
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  it('tries again after a failure instead of remembering it', async () => {
    // Prepare
    const path = join(temp.path, 'signing-keys.json');
    await writeFile(path, 'broken');
    const load = localSigningKeys(path);
    await errorOf(load());
    await writeFile(path, JSON.stringify({ keys: [{ kid: 'fixed', privateKeyPem: ecPem }] }));

    // Act
    const { keys } = await load();

    // Assess
    expect(keys.map(({ kid }) => kid)).toEqual(['fixed']);
  });
});

describe('parameterSigningKeys', () => {
  const keySet = { keys: [generateSigningKey(), generateSigningKey()] };

  it('reads the SecureString decrypted, with the cache lifetime handed to Powertools', async () => {
    // Prepare
    const { read, calls } = fakeRead(async () => JSON.stringify(keySet));

    // Act
    const keys = await parameterSigningKeys('/orderly/prod/signing-keys', 120, read)();

    // Assess
    expect(keys).toEqual(keySet);
    expect(calls).toEqual([{ name: '/orderly/prod/signing-keys', decrypt: true, maxAge: 120 }]);
  });

  it.each([
    ['no value', undefined, 'have no value'],
    ['an RSA key', JSON.stringify({ keys: [{ kid: 'a', privateKeyPem: rsaPem }] }), 'invalid'],
    ['not JSON', `{"keys":[{"kid":"a","privateKeyPem":"${ecPem.replaceAll('\n', '\\n')}"`, 'not valid JSON'],
  ] as const)('refuses %s without showing key material', async (_case, value, expected) => {
    // Prepare
    const { read } = fakeRead(async () => value);

    // Act
    const error = await errorOf(parameterSigningKeys('/orderly/prod/signing-keys', 300, read)());

    // Assess
    expect(error.message).toContain('SSM parameter /orderly/prod/signing-keys');
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/PRIVATE KEY|MII/);
  });

  it('wraps an SDK failure, keeping it as the cause', async () => {
    // Prepare
    const sdkError = new Error('AccessDeniedException');
    const { read } = fakeRead(() => Promise.reject(sdkError));

    // Act
    const error = await errorOf(parameterSigningKeys('/orderly/prod/signing-keys', 300, read)());

    // Assess
    expect(error.message).toBe('Cannot read signing keys from SSM parameter /orderly/prod/signing-keys');
    expect(error.cause).toBe(sdkError);
  });
});

describe('parseSigningKeySet', () => {
  it('keeps the keys in order, the last being the one that signs', () => {
    // Prepare
    const keys = [generateSigningKey(), generateSigningKey()];

    // Act
    const parsed = parseSigningKeySet(JSON.stringify({ keys }), 'test');

    // Assess
    expect(parsed.keys.at(-1)?.kid).toBe(keys[1]?.kid);
  });
});
