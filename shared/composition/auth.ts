import { SSMClient } from '@aws-sdk/client-ssm';
import { authConfigSchema, loadConfig } from '#shared/config.ts';
import type { PublicKeySource } from '#shared/domain/identity/ports.ts';
import { signingKeysPublicSource } from '#shared/infrastructure/tokens/public-jwks.ts';
import { localSigningKeys, ssmSigningKeys, type LoadSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import { createTokenVerifier } from '#shared/infrastructure/tokens/token-verifier.ts';
import type { VerifyAccessToken } from '#shared/middleware/http/auth.ts';
import { once } from './memo.ts';

// Cross-cutting: the signing keys and what is built from them. Not a context root, so its config is parsed on
// first use: a public function that imports a context root (and this file through it) never needs JWT_* variables.

/** The signing keys of this stage: a local file offline, an SSM SecureString in AWS. Read once per container. */
export const signingKeys = /* @__PURE__ */ once(async () => {
  const config = loadConfig(authConfigSchema);
  const load: LoadSigningKeys = config.SIGNING_KEYS_FILE
    ? localSigningKeys(config.SIGNING_KEYS_FILE)
    : ssmSigningKeys(new SSMClient({ region: config.AWS_REGION }), config.SIGNING_KEYS_PARAMETER!);
  return { config, keys: await load() };
});

/** The access-token verifier, built once per container and primed with our own public keys. */
export const accessTokenVerifier = /* @__PURE__ */ once(async (): Promise<VerifyAccessToken> => {
  const { config, keys } = await signingKeys();
  const verifier = createTokenVerifier({ keys, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  return (token) => verifier.verify(token);
});

/** The public half of the signing keys, as GET /.well-known/jwks.json serves it. */
export const jwksDeps = /* @__PURE__ */ once(async (): Promise<{ keys: PublicKeySource }> => ({
  keys: signingKeysPublicSource(async () => (await signingKeys()).keys),
}));
