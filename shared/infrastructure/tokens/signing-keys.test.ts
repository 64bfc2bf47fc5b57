import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GetParameterCommandOutput, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import { generateSigningKey, localSigningKeys, parseSigningKeySet, type SsmGetParameterClient, ssmSigningKeys } from './signing-keys.ts';

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const ecPem = generateSigningKey().privateKeyPem;

const fakeSsm = (respond: () => Promise<GetParameterCommandOutput>) => {
  const inputs: unknown[] = [];
  const client: SsmGetParameterClient = {
    send: async (command) => {
      inputs.push(command.input);
      return respond();
    },
  };
  return { client, inputs };
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

  it('loads once per container: later calls share the same promise', async () => {
    // Prepare
    const load = localSigningKeys(join(temp.path, 'signing-keys.json'));

    // Act
    const [first, second] = [load(), load()];

    // Assess
    expect(second).toBe(first);
    await first;
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

describe('ssmSigningKeys', () => {
  const keySet = { keys: [generateSigningKey(), generateSigningKey()] };

  it('reads the SecureString with decryption, once per container', async () => {
    // Prepare
    const { client, inputs } = fakeSsm(async () => ({
      $metadata: {},
      Parameter: { Type: 'SecureString', Value: JSON.stringify(keySet) },
    }));
    const load = ssmSigningKeys(client, '/orderly/prod/signing-keys');

    // Act
    const [first, second] = [await load(), await load()];

    // Assess
    expect(first).toEqual(keySet);
    expect(second).toBe(first);
    expect(inputs).toEqual([{ Name: '/orderly/prod/signing-keys', WithDecryption: true }]);
  });

  it.each([
    ['a plain String parameter', { Type: 'String', Value: JSON.stringify(keySet) }, 'must be a SecureString'],
    ['no value', { Type: 'SecureString' }, 'have no value'],
    ['an RSA key', { Type: 'SecureString', Value: JSON.stringify({ keys: [{ kid: 'a', privateKeyPem: rsaPem }] }) }, 'invalid'],
  ] as const)('refuses %s without showing key material', async (_case, parameter, expected) => {
    // Prepare
    const { client } = fakeSsm(async () => ({ $metadata: {}, Parameter: parameter }));

    // Act
    const error = await errorOf(ssmSigningKeys(client, '/orderly/prod/signing-keys')());

    // Assess
    expect(error.message).toContain('SSM parameter /orderly/prod/signing-keys');
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/PRIVATE KEY|MII/);
  });

  it('wraps an SDK failure, keeping it as the cause', async () => {
    // Prepare
    const sdkError = new Error('AccessDeniedException');
    const { client } = fakeSsm(() => Promise.reject(sdkError));

    // Act
    const error = await errorOf(ssmSigningKeys(client, '/orderly/prod/signing-keys')());

    // Assess
    expect(error.message).toBe('Cannot read signing keys from SSM parameter /orderly/prod/signing-keys');
    expect(error.cause).toBe(sdkError);
  });

  it('takes the real SSMClient as its client (a type check as much as a test)', () => {
    // Prepare, Act
    const client: SsmGetParameterClient = new SSMClient({ region: 'eu-west-1' });

    // Assess
    expect(typeof client.send).toBe('function');
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
