import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { fileJwksSource } from '#shared/infrastructure/tokens/jwks-source.ts';
import { createOrRotateKeys } from '#shared/infrastructure/tokens/key-rotation.ts';
import { localSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import { createRotatingTokenIssuer } from '#shared/infrastructure/tokens/token-issuer.ts';
import { createTokenVerifier } from '#shared/infrastructure/tokens/token-verifier.ts';
import { fileKeyStore, localKeyEnv, publicJwksFileFor } from './keys.ts';

const ISSUER = 'https://orderly.dev/test';
const AUDIENCE = 'orderly-api';

describe('offline key files', () => {
  const temp = useTempDir('orderly-local-keys-');

  it('hands verifiers a public JWKS file beside the private keys, holding no private part', async () => {
    // Act
    const env = await localKeyEnv(temp.path, {});

    // Assess
    expect(env.JWKS_FILE).toBe(publicJwksFileFor(env.SIGNING_KEYS_FILE!));
    const published = await readFile(env.JWKS_FILE!, 'utf8');
    expect(published).not.toMatch(/PRIVATE|"d":/);
    expect((await stat(env.SIGNING_KEYS_FILE!)).mode & 0o077).toBe(0);
  });

  it('rotates twice while tokens are issued and verified, with no unexpected 401', async () => {
    // Prepare: one issuing and one verifying "container", each caching its keys for 200 ms, as warm Lambdas do for 5 min.
    const signingKeysFile = join(temp.path, 'signing-keys.json');
    const store = fileKeyStore(signingKeysFile);
    await createOrRotateKeys(store, { rotate: false });
    const issuer = createRotatingTokenIssuer({
      load: localSigningKeys(signingKeysFile, 0.2),
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 900,
    });
    const verifier = createTokenVerifier({
      source: fileJwksSource(publicJwksFileFor(signingKeysFile), 0.2),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const outcomes: Array<{ kid: string; ok: boolean }> = [];
    const held: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const { accessToken } = await issuer.issue({ sub: 'user-1', roles: ['customer'] });
        held.push(accessToken);
        // Verify the new token and one issued earlier (a client still holding it).
        for (const token of [accessToken, held[Math.floor(held.length / 2)]!]) {
          const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
          outcomes.push({
            kid,
            ok: await verifier.verify(token).then(
              () => true,
              () => false,
            ),
          });
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    // Act
    const clients = [client(), client(), client(), client()];
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const rotations = (async () => {
      await sleep(300);
      await createOrRotateKeys(store, { rotate: true });
      await sleep(500);
      await createOrRotateKeys(store, { rotate: true });
      await sleep(400);
      running = false;
    })();
    await Promise.all([rotations, ...clients]);

    // Assess
    const kids = new Set(outcomes.map(({ kid }) => kid));
    expect(kids.size).toBe(3);
    expect(outcomes.filter(({ ok }) => !ok)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(50);
  });
});
