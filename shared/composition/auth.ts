import { authConfigSchema, loadConfig } from '#shared/config.ts';
import type { PublicKeySource } from '#shared/domain/identity/ports.ts';
import { fileJwksSource, parameterJwksSource, type PublicJwksSource } from '#shared/infrastructure/tokens/jwks-source.ts';
import { createTokenVerifier } from '#shared/infrastructure/tokens/token-verifier.ts';
import type { VerifyAccessToken } from '#shared/middleware/http/auth.ts';
import { logger } from '#shared/observability/index.ts';
import { once } from './memo.ts';

// Cross-cutting: the public keys and what is built from them. Not a context root, so its config is parsed on
// first use: a public function that imports a context root (and this file through it) never needs JWT_* variables.
// Verifiers never see a private key: signing lives in the identity root (log in, refresh) alone.

/** The public JWKS of this stage: a local file offline, a String SSM parameter in AWS; cached, refreshed on demand. */
const publicKeys = /* @__PURE__ */ once(async (): Promise<{ issuer: string; audience: string; source: PublicJwksSource }> => {
  const config = loadConfig(authConfigSchema);
  const source = config.JWKS_FILE
    ? fileJwksSource(config.JWKS_FILE, config.JWKS_CACHE_SECONDS)
    : parameterJwksSource(config.JWKS_PARAMETER!, config.JWKS_CACHE_SECONDS);
  return { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, source };
});

/** Logged on every re-read an unknown kid causes: a rotation reaching a warm container, or someone probing kids. */
export const JWKS_REFRESH_LOG_MESSAGE = 'public keys re-read for an unknown kid';

/** The access-token verifier, built once per container over the stage's public keys. */
export const accessTokenVerifier = /* @__PURE__ */ once(async (): Promise<VerifyAccessToken> => {
  const { issuer, audience, source } = await publicKeys();
  // The verifier's back-off bounds these (one per container per 10 s at most), so the line cannot flood the logs.
  const logged: PublicJwksSource = {
    current: () => source.current(),
    refresh: () => {
      logger.info(JWKS_REFRESH_LOG_MESSAGE);
      return source.refresh();
    },
  };
  const verifier = createTokenVerifier({ source: logged, issuer, audience });
  return (token) => verifier.verify(token);
});

/** The public keys, as GET /.well-known/jwks.json serves them. */
export const jwksDeps = /* @__PURE__ */ once(async (): Promise<{ keys: PublicKeySource }> => {
  const { source } = await publicKeys();
  return { keys: { publicJwks: () => source.current() } };
});
