import { SSMClient } from '@aws-sdk/client-ssm';
import { authConfigSchema, loadConfig } from '#shared/config.ts';
import { localSigningKeys, ssmSigningKeys, type LoadSigningKeys } from '#shared/infrastructure/tokens/signing-keys.ts';
import { createTokenVerifier } from '#shared/infrastructure/tokens/token-verifier.ts';
import type { VerifyAccessToken } from '#shared/middleware/http/auth.ts';
import { once } from './memo.ts';

/** The signing keys of this stage: a local file offline, an SSM SecureString in AWS. Read once per container. */
export const signingKeys = once(async () => {
  const config = loadConfig(authConfigSchema);
  const load: LoadSigningKeys = config.SIGNING_KEYS_FILE
    ? localSigningKeys(config.SIGNING_KEYS_FILE)
    : ssmSigningKeys(new SSMClient({ region: config.AWS_REGION }), config.SIGNING_KEYS_PARAMETER!);
  return { config, keys: await load() };
});

/** The access-token verifier, built once per container and primed with our own public keys. */
export const accessTokenVerifier = once(async (): Promise<VerifyAccessToken> => {
  const { config, keys } = await signingKeys();
  const verifier = createTokenVerifier({ keys, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  return (token) => verifier.verify(token);
});
