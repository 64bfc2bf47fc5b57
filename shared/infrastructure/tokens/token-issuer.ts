import { createPrivateKey, sign } from 'node:crypto';
import { ulid } from 'ulid';
import type { SigningKeySet } from './signing-keys.ts';

/** API.md: access tokens live at most 15 minutes. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;

export interface TokenIssuerOptions {
  keys: SigningKeySet;
  issuer: string;
  audience: string;
  /** 1 to 900. */
  ttlSeconds: number;
  now?: () => Date;
  newId?: () => string;
}

export interface AccessTokenSubject {
  sub: string;
  roles: readonly string[];
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds, as in the login response. */
  expiresIn: number;
}

export interface TokenIssuer {
  issue(subject: AccessTokenSubject): IssuedAccessToken;
}

const base64UrlJson = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs ES256 access tokens with the last key of the set. */
export const createTokenIssuer = ({
  keys,
  issuer,
  audience,
  ttlSeconds,
  now = () => new Date(),
  newId = ulid,
}: TokenIssuerOptions): TokenIssuer => {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new RangeError(`Access token ttlSeconds must be an integer from 1 to ${MAX_ACCESS_TOKEN_TTL_SECONDS}, got ${ttlSeconds}`);
  }
  const current = keys.keys.at(-1);
  if (current === undefined) throw new Error('The signing key set is empty');
  const privateKey = createPrivateKey(current.privateKeyPem);
  const encodedHeader = base64UrlJson({ alg: 'ES256', typ: 'JWT', kid: current.kid });

  return {
    issue({ sub, roles }) {
      if (sub.length === 0) throw new Error('An access token needs a subject');
      const iat = Math.floor(now().getTime() / 1000);
      const claims = { sub, roles: [...roles], iss: issuer, aud: audience, iat, exp: iat + ttlSeconds, jti: newId() };
      const signingInput = `${encodedHeader}.${base64UrlJson(claims)}`;
      // JWS wants the raw r||s pair (RFC 7518 §3.4), not node's default DER.
      const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return { accessToken: `${signingInput}.${signature.toString('base64url')}`, expiresIn: ttlSeconds };
    },
  };
};

export interface RotatingTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
}

/**
 * An issuer over a key source that may change (a rotation): each issue asks the source (which caches, see
 * `LoadSigningKeys`) and signs with its current key, rebuilding the signer only when the signing kid changes.
 */
export const createRotatingTokenIssuer = ({
  load,
  ...options
}: Omit<TokenIssuerOptions, 'keys'> & { load: () => Promise<SigningKeySet> }): RotatingTokenIssuer => {
  let signer: { kid: string; issuer: TokenIssuer } | undefined;
  return {
    async issue(subject) {
      const keys = await load();
      const kid = keys.keys.at(-1)?.kid;
      if (signer === undefined || signer.kid !== kid) signer = { kid: kid ?? '', issuer: createTokenIssuer({ ...options, keys }) };
      return signer.issuer.issue(subject);
    },
  };
};
