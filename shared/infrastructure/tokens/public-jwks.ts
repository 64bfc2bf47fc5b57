import { createPublicKey } from 'node:crypto';
import type { PublicJwks, PublicKeySource } from '#shared/domain/identity/ports.ts';
import type { SigningKeySet } from './signing-keys.ts';

/** What GET /.well-known/jwks.json serves: the public half of every key, fields picked one by one so no private part can slip in. */
export const publicJwks = (keySet: SigningKeySet): PublicJwks => ({
  keys: keySet.keys.map(({ kid, privateKeyPem }) => {
    const { kty, crv, x, y } = createPublicKey(privateKeyPem).export({ format: 'jwk' });
    if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') {
      throw new Error(`Signing key ${kid} is not an EC P-256 key`);
    }
    return { kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' };
  }),
});

/** The PublicKeySource over this stage's signing keys (loaded once by the caller). */
export const signingKeysPublicSource = (load: () => Promise<SigningKeySet>): PublicKeySource => ({
  publicJwks: async () => publicJwks(await load()),
});
