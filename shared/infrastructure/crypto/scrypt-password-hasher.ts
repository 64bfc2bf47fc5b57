import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PasswordHasher } from '#shared/domain/identity/ports.ts';

const scryptAsync = promisify<string | Buffer, Buffer, number, ScryptOptions, Buffer>(scrypt);

export interface ScryptCost {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

export interface ScryptPasswordHasherOptions {
  /** OWASP's recommendation by default (N=2^17, r=8, p=1: 128 MiB, single-threaded); lower it only in tests. */
  cost?: ScryptCost;
  saltBytes?: number;
  keyBytes?: number;
}

export const OWASP_SCRYPT_COST: ScryptCost = { ln: 17, r: 8, p: 1 };
const DEFAULT_SALT_BYTES = 16;
const DEFAULT_KEY_BYTES = 32;
// Bounds for parameters read back from storage, so a corrupt row cannot ask for gigabytes.
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;

/** Thrown when a stored hash is not one this hasher wrote: a data problem, never a wrong password. */
export class PasswordHashFormatError extends Error {
  override readonly name = 'PasswordHashFormatError';
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

const PHC = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const parseHash = (stored: string): ParsedHash => {
  const match = PHC.exec(stored);
  const [ln, r, p] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  if (!match || !(ln >= 1 && ln <= MAX_LN && r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) {
    throw new PasswordHashFormatError('Stored password hash is not a scrypt$ln=..,r=..,p=..$salt$hash string');
  }
  const salt = Buffer.from(match[4] ?? '', 'base64');
  const key = Buffer.from(match[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) throw new PasswordHashFormatError('Stored password hash is too short');
  return { cost: { ln, r, p }, salt, key };
};

// OpenSSL needs 128·r·(N+2) bytes for V plus 128·r·p for B; Node's default cap (32 MiB) is below OWASP's cost.
const maxmemFor = ({ ln, r, p }: ScryptCost): number => 128 * r * (2 ** ln + 2 + p) + 1024 * 1024;

// NFKC so the same password typed on two keyboards (composed vs decomposed accents) hashes alike (NIST SP 800-63B).
const derive = (plain: string, salt: Buffer, keyBytes: number, cost: ScryptCost): Promise<Buffer> =>
  scryptAsync(plain.normalize('NFKC'), salt, keyBytes, {
    N: 2 ** cost.ln,
    r: cost.r,
    p: cost.p,
    maxmem: maxmemFor(cost),
  });

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/** A PasswordHasher on node:crypto scrypt, writing `scrypt$ln=17,r=8,p=1$<salt>$<hash>` (PHC-style, unpadded base64). */
export const scryptPasswordHasher = (options: ScryptPasswordHasherOptions = {}): PasswordHasher => {
  const cost = options.cost ?? OWASP_SCRYPT_COST;
  const saltBytes = options.saltBytes ?? DEFAULT_SALT_BYTES;
  const keyBytes = options.keyBytes ?? DEFAULT_KEY_BYTES;

  return {
    async hash(plain) {
      const salt = randomBytes(saltBytes);
      const key = await derive(plain, salt, keyBytes, cost);
      return `scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
    },

    async verify(plain, stored) {
      const parsed = parseHash(stored);
      const candidate = await derive(plain, parsed.salt, parsed.key.length, parsed.cost);
      return timingSafeEqual(candidate, parsed.key);
    },

    needsRehash(stored) {
      const { cost: used, salt, key } = parseHash(stored);
      return used.ln < cost.ln || used.r < cost.r || used.p < cost.p || salt.length < saltBytes || key.length < keyBytes;
    },
  };
};
