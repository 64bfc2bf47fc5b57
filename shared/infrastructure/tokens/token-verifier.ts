import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as z from 'zod';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import type { PublicJwks } from '#shared/domain/identity/ports.ts';
import { publicJwks } from './public-jwks.ts';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from './token-issuer.ts';
import type { SigningKeySet } from './signing-keys.ts';

/** Never fetched: it only names the cache slot that holds our own keys. */
const OWN_JWKS_URI = 'https://orderly.invalid/.well-known/jwks.json';
/** Far above any token we issue; refuses absurd inputs before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export class JwksFetchRefusedError extends Error {
  override readonly name = 'JwksFetchRefusedError';
}

export type TokenVerifierOptions = ({ keys: SigningKeySet } | { jwks: PublicJwks }) & {
  issuer: string;
  audience: string;
  maxLifetimeSeconds?: number;
  /** Allowed clock difference for exp, nbf and iat; 5 s by default. */
  clockToleranceSeconds?: number;
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
      sub: z.string().min(1),
      jti: z.string().min(1),
      roles: z.array(z.string()),
      iat: z.number(),
      exp: z.number(),
    })
    .refine(({ iat, exp }) => exp - iat <= maxLifetimeSeconds, 'lifetime exceeds the maximum')
    // A future iat would stretch a token's real life beyond the maximum.
    .refine(({ iat }) => iat <= Date.now() / 1000 + clockToleranceSeconds, 'issued in the future');

/**
 * Verifies our ES256 access tokens fully offline. Build it once per container: the first check per key costs
 * a key import, later ones only the signature.
 */
export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  const { issuer, audience, maxLifetimeSeconds = MAX_ACCESS_TOKEN_TTL_SECONDS, clockToleranceSeconds = 5 } = options;
  const jwks = 'keys' in options ? publicJwks(options.keys) : options.jwks;
  const claims = claimsSchema(maxLifetimeSeconds, clockToleranceSeconds);

  // An unknown kid makes the cache fetch the JWKS; we know every key we accept, so that fetch fails at once.
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async () => {
        throw new JwksFetchRefusedError('Unknown kid: refusing to fetch a JWKS, the verifier accepts only its own keys');
      },
    },
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
  verifier.cacheJwks(jwks);

  return {
    async verify(token) {
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
