import { readFile } from 'node:fs/promises';
import { getParameter } from '#shared/infrastructure/secrets/ssm-parameters.ts';
import * as z from '#shared/zod.ts';
import type { PublicJwks } from '#shared/domain/identity/ports.ts';

/**
 * Where verifiers get the public keys: never the private key set. `current` may serve a cached copy (at most the
 * source's cache lifetime old); `refresh` reads the source itself and is what an unknown kid triggers.
 */
export interface PublicJwksSource {
  current(): Promise<PublicJwks>;
  refresh(): Promise<PublicJwks>;
}

// Strict: a JWK with any extra member (`d` above all) is refused, so a private key pasted by mistake is never used.
const publicJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().check(z.minLength(1)),
  y: z.string().check(z.minLength(1)),
  kid: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});
const publicJwksSchema = z.strictObject({ keys: z.array(publicJwkSchema).check(z.minLength(1)) });

/** Parses a public JWKS; errors name the source and the broken fields only. */
export const parsePublicJwks = (raw: unknown, source: string): PublicJwks => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`Public JWKS in ${source} is not valid JSON`);
    }
  }
  const parsed = publicJwksSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Public JWKS in ${source} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

/** Reads a parameter's value; `forceFetch` skips the cache. Powertools' getParameter fits. */
export type ReadParameter = (name: string, options: { maxAge: number; forceFetch?: boolean }) => Promise<string | undefined>;

const powertoolsRead: ReadParameter = (name, options) => getParameter(name, options);

/**
 * Deployed: the public JWKS in a plain String SSM parameter (`npm run keys` writes it beside the private
 * SecureString), read through Powertools Parameters, which caches it for `maxAgeSeconds`.
 */
export const parameterJwksSource = (name: string, maxAgeSeconds: number, read: ReadParameter = powertoolsRead): PublicJwksSource => {
  const load = async (forceFetch: boolean) =>
    parsePublicJwks(await read(name, { maxAge: maxAgeSeconds, forceFetch }), `SSM parameter ${name}`);
  return { current: () => load(false), refresh: () => load(true) };
};

/** Offline: a public JWKS file written by the local stack next to the signing keys, cached like the parameter. */
export const fileJwksSource = (path: string, maxAgeSeconds: number, now: () => number = Date.now): PublicJwksSource => {
  let cached: { jwks: Promise<PublicJwks>; at: number } | undefined;
  const load = () => {
    const jwks = readFile(path, 'utf8').then((text) => parsePublicJwks(text, path));
    const entry = { jwks, at: now() };
    cached = entry;
    jwks.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return jwks;
  };
  return {
    current: () => (cached && now() - cached.at < maxAgeSeconds * 1000 ? cached.jwks : load()),
    refresh: load,
  };
};
