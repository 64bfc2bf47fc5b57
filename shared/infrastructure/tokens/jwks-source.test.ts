import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp-dir.ts';
import { fileJwksSource, parameterJwksSource, parsePublicJwks, type ReadParameter } from './jwks-source.ts';
import { publicJwks } from './public-jwks.ts';
import { generateSigningKey } from './signing-keys.ts';

const jwks = publicJwks({ keys: [generateSigningKey()] });

describe('parsePublicJwks', () => {
  it.each([
    ['a private member', { keys: [{ ...jwks.keys[0], d: 'secret' }] }],
    ['no keys', { keys: [] }],
    ['an RSA key', { keys: [{ ...jwks.keys[0], kty: 'RSA' }] }],
    ['a symmetric algorithm', { keys: [{ ...jwks.keys[0], alg: 'HS256' }] }],
  ])('refuses a JWKS with %s', (_case, value) => {
    expect(() => parsePublicJwks(value, 'test')).toThrow('Public JWKS in test is invalid');
  });
});

describe('parameterJwksSource', () => {
  it('reads through the cache, and around it on refresh', async () => {
    // Prepare
    const calls: unknown[] = [];
    const read: ReadParameter = async (name, options) => {
      calls.push({ name, ...options });
      return JSON.stringify(jwks);
    };
    const source = parameterJwksSource('/orderly/prod/jwks', 300, read);

    // Act
    const [current, refreshed] = [await source.current(), await source.refresh()];

    // Assess
    expect(current).toEqual(jwks);
    expect(refreshed).toEqual(jwks);
    expect(calls).toEqual([
      { name: '/orderly/prod/jwks', maxAge: 300, forceFetch: false },
      { name: '/orderly/prod/jwks', maxAge: 300, forceFetch: true },
    ]);
  });

  it('names the parameter when it is missing', async () => {
    const source = parameterJwksSource('/orderly/prod/jwks', 300, async () => undefined);

    await expect(source.current()).rejects.toThrow('Public JWKS in SSM parameter /orderly/prod/jwks is invalid');
  });
});

describe('fileJwksSource', () => {
  const temp = useTempDir('orderly-jwks-');

  it('serves the cached file until its lifetime ends, and the new file on refresh', async () => {
    // Prepare
    const path = join(temp.path, 'public-jwks.json');
    await writeFile(path, JSON.stringify(jwks));
    let now = 0;
    const source = fileJwksSource(path, 300, () => now);
    await source.current();
    const next = publicJwks({ keys: [generateSigningKey()] });
    await writeFile(path, JSON.stringify(next));

    // Act
    const cached = await source.current();
    const refreshed = await source.refresh();
    const afterRefresh = await source.current();
    now = 301_000;
    const expired = await source.current();

    // Assess
    expect(cached).toEqual(jwks);
    expect(refreshed).toEqual(next);
    expect(afterRefresh).toEqual(next);
    expect(expired).toEqual(next);
  });
});
