import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import * as z from '#shared/zod.ts';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import type { PublicJwks } from '#shared/domain/identity/ports.ts';
import type { PublicJwksSource } from './jwks-source.ts';
import { publicJwks } from './public-jwks.ts';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from './token-issuer.ts';
import type { SigningKeySet } from './signing-keys.ts';

/** Never fetched over the network: it only names the cache slot that holds our own keys. */
const OWN_JWKS_URI = 'https://orderly.invalid/.well-known/jwks.json';
/** Far above any token we issue; refuses absurd inputs before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export class JwksFetchRefusedError extends Error {
  override readonly name = 'JwksFetchRefusedError';
}

export type TokenVerifierOptions = ({ keys: SigningKeySet } | { jwks: PublicJwks } | { source: PublicJwksSource }) & {
  issuer: string;
  audience: string;
  maxLifetimeSeconds?: number;
  /** Allowed clock difference for exp, nbf and iat; 5 s by default. */
  clockToleranceSeconds?: number;
  /** After an unknown kid led to a refresh that did not know it either, no refresh for this long; 10 s by default. */
  refreshBackoffSeconds?: number;
};

export interface VerifiedAccessToken {
  sub: string;
  roles: string[];
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
}

export interface TokenVerifier {
  /** The token's claims; UnauthorizedError for anything not issued by us, still valid and well-formed. */
  verify(token: string): Promise<VerifiedAccessToken>;
}

const claimsSchema = (maxLifetimeSeconds: number, clockToleranceSeconds: number) =>
  z
    .object({
      sub: z.string().check(z.minLength(1)),
      jti: z.string().check(z.minLength(1)),
      roles: z.array(z.string()),
      iat: z.number(),
      exp: z.number(),
    })
    .check(
      z.refine(({ iat, exp }) => exp - iat <= maxLifetimeSeconds, 'lifetime exceeds the maximum'),
      // A future iat would stretch a token's real life beyond the maximum.
      z.refine(({ iat }) => iat <= Date.now() / 1000 + clockToleranceSeconds, 'issued in the future'),
    );

/** Fixed keys: nothing to refresh, so an unknown kid is refused at once. */
const staticSource = (jwks: PublicJwks): PublicJwksSource => ({
  current: async () => jwks,
  refresh: async () => {
    throw new JwksFetchRefusedError('Unknown kid: the verifier accepts only the keys it was given');
  },
});

/**
 * Verifies our ES256 access tokens from public keys alone, never over the network. Build it once per container: the
 * first check per key costs a key import, later ones only the signature. With a `source`, each check uses the
 * source's current JWKS (cached by the source), and an unknown kid triggers one refresh of the source (after a
 * refresh that did not know the kid, none for `refreshBackoffSeconds`) before the token is refused: a key rotated in
 * is accepted at once, a forged kid costs at most one read per back-off period.
 */
export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  const { issuer, audience, maxLifetimeSeconds = MAX_ACCESS_TOKEN_TTL_SECONDS, clockToleranceSeconds = 5 } = options;
  const source = 'source' in options ? options.source : staticSource('keys' in options ? publicJwks(options.keys) : options.jwks);
  const claims = claimsSchema(maxLifetimeSeconds, clockToleranceSeconds);

  // An unknown kid makes the cache "fetch" the JWKS: that is a refresh of our own source, never an HTTP request.
  // SimpleJwksCache shares one refresh among concurrent callers and, when it did not help, backs off.
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async () => {
        const fresh = await source.refresh().catch((error: unknown) => {
          throw new JwksFetchRefusedError('Unknown kid and the public keys could not be refreshed', { cause: error });
        });
        appliedJson = JSON.stringify(fresh);
        return new TextEncoder().encode(appliedJson).buffer as ArrayBuffer;
      },
    },
    penaltyBox: new SimplePenaltyBox({ waitSeconds: options.refreshBackoffSeconds ?? 10 }),
  });
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience,
      jwksUri: OWN_JWKS_URI,
      graceSeconds: clockToleranceSeconds,
      customJwtCheck: ({ header, payload }) => {
        // The JWKs say ES256 already; this keeps the rule visible should a key ever lack `alg`.
        if (header.alg !== 'ES256') throw new Error(`Algorithm ${String(header.alg)} is not accepted`);
        // aws-jwt-verify accepts a token without exp; the schema requires it.
        claims.parse(payload);
      },
    },
    { jwksCache },
  );
  let appliedJson: string | undefined;
  /** Hands the verifier the source's current keys whenever they change (a rotation, a key withdrawn). */
  const useCurrentKeys = async () => {
    const current = await source.current();
    const json = JSON.stringify(current);
    if (json === appliedJson) return;
    verifier.cacheJwks(current);
    appliedJson = json;
  };

  return {
    async verify(token) {
      // Outside the try: keys we cannot read are our failure (a 5xx), not a bad token.
      await useCurrentKeys();
      try {
        if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new Error('Token missing or too long');
        const { sub, roles, jti, exp } = claims.parse(await verifier.verify(token));
        return { sub, roles, jti, exp };
      } catch (error) {
        // Why it failed stays in the cause, for logs; clients learn only that the token is not good.
        throw new UnauthorizedError('Invalid or expired access token', { cause: error });
      }
    },
  };
};
