import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getParameter } from '#shared/infrastructure/secrets/ssm-parameters.ts';
import * as z from '#shared/zod.ts';

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
  /** When `npm run keys` made it (ISO 8601); rotation keeps a key until its successor is old enough. */
  createdAt?: string;
}

/** How long issuers and verifiers may serve a cached key set or JWKS (Powertools Parameters maxAge), in seconds. */
export const KEY_CACHE_SECONDS = 300;

/** Every key's public half is published and accepted; the last one signs, so a new key is appended to rotate. */
export interface SigningKeySet {
  keys: SigningKey[];
}

/** Resolves the key set; each source caches it for a while (KEY_CACHE_SECONDS) and retries after a failure. */
export type LoadSigningKeys = () => Promise<SigningKeySet>;

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const p256PrivateKey = (pem: string): KeyObject | undefined => {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : undefined;
  } catch {
    return undefined;
  }
};

// Issues name paths and rules only: zod 4 leaves the input out of its messages unless asked to report it.
const signingKeySetSchema = z.object({
  keys: z
    .array(
      z.object({
        kid: z.string().check(z.regex(KID_PATTERN, 'must be 1-64 characters of [A-Za-z0-9_-]')),
        privateKeyPem: z.string().check(z.refine((pem) => p256PrivateKey(pem) !== undefined, 'must be a PEM EC P-256 private key')),
        createdAt: z.optional(z.iso.datetime()),
      }),
    )
    .check(
      z.minLength(1, 'must hold at least one key'),
      z.refine((keys) => new Set(keys.map(({ kid }) => kid)).size === keys.length, 'kids must be unique'),
    ),
});

/** Parses the JSON of a key set; errors name `source` and the broken fields, never the key material. */
export const parseSigningKeySet = (json: string, source: string): SigningKeySet => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // JSON.parse quotes the text around the fault, which may be key material: no cause on purpose.
    throw new Error(`Signing keys in ${source} are not valid JSON`);
  }
  const parsed = signingKeySetSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Signing keys in ${source} are invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

/** RFC 7638 thumbprint of the public key, shortened: stable, and says nothing about the private half. */
const thumbprintKid = (publicKey: KeyObject): string => {
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ crv, kty, x, y });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
};

/** A fresh EC P-256 key with a thumbprint kid. */
export const generateSigningKey = (): SigningKey => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid: thumbprintKid(createPublicKey(privateKey)),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
};

/** Serves one load for `maxAgeSeconds`; a failure is not remembered: the next call tries again. */
const cacheFor = (maxAgeSeconds: number, load: LoadSigningKeys, now: () => number): LoadSigningKeys => {
  let cached: { keys: Promise<SigningKeySet>; at: number } | undefined;
  return () => {
    if (cached !== undefined && now() - cached.at < maxAgeSeconds * 1000) return cached.keys;
    const entry = { keys: load(), at: now() };
    cached = entry;
    entry.keys.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.keys;
  };
};

const isErrorCode = (error: unknown, code: string): boolean => error instanceof Error && 'code' in error && error.code === code;

const readIfPresent = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
};

/** Offline keys: a JSON file, created (0600, in a 0700 folder) with one fresh key on first use. */
export const localSigningKeys = (path: string, maxAgeSeconds = KEY_CACHE_SECONDS, now: () => number = Date.now): LoadSigningKeys =>
  cacheFor(
    maxAgeSeconds,
    async () => {
      const existing = await readIfPresent(path);
      if (existing !== undefined) return parseSigningKeySet(existing, path);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      try {
        // 'wx' fails when the file exists, so two processes starting together never overwrite each other's key.
        await writeFile(
          path,
          `${JSON.stringify({ keys: [{ ...generateSigningKey(), createdAt: new Date(now()).toISOString() }] }, null, 2)}\n`,
          { flag: 'wx', mode: 0o600 },
        );
      } catch (error) {
        if (!isErrorCode(error, 'EEXIST')) throw error;
      }
      return parseSigningKeySet(await readFile(path, 'utf8'), path);
    },
    now,
  );

/** Reads a SecureString's decrypted value; Powertools' getParameter (which caches for `maxAge`) fits. */
export type ReadSecureParameter = (name: string, options: { decrypt: true; maxAge: number }) => Promise<string | undefined>;

const powertoolsRead: ReadSecureParameter = (name, options) => getParameter(name, options);

/**
 * Deployed keys: a SecureString parameter holding the key set's JSON, decrypted on read and cached by Powertools
 * Parameters for `maxAgeSeconds`, so a rotation reaches warm issuers within that time. Only issuers read it.
 */
export const parameterSigningKeys = (
  parameterName: string,
  maxAgeSeconds = KEY_CACHE_SECONDS,
  read: ReadSecureParameter = powertoolsRead,
): LoadSigningKeys => {
  const source = `SSM parameter ${parameterName}`;
  return async () => {
    let value: string | undefined;
    try {
      value = await read(parameterName, { decrypt: true, maxAge: maxAgeSeconds });
    } catch (error) {
      throw new Error(`Cannot read signing keys from ${source}`, { cause: error });
    }
    if (value === undefined) throw new Error(`Signing keys in ${source} have no value`);
    return parseSigningKeySet(value, source);
  };
};
