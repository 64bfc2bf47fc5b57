import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export interface ServiceKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
}

/** The stage's own signing key, read from the offline key file, so tests can forge every kind of near-miss. */
export const serviceKey = (signingKeysFile: string): ServiceKey => {
  const { keys } = JSON.parse(readFileSync(signingKeysFile, 'utf8')) as { keys: Array<{ kid: string; privateKeyPem: string }> };
  const current = keys.at(-1)!;
  const privateKey = createPrivateKey(current.privateKeyPem);
  return { kid: current.kid, privateKey, publicPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
};

export const es256 = (header: object, payload: object, key: KeyObject): string => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
};

export const hs256 = (header: object, payload: object, secret: string): string => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

export const unsigned = (header: object, payload: object): string => `${b64(header)}.${b64(payload)}.`;

export const strangerKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** Replaces the payload of a signed token, keeping header and signature. */
export const withPayload = (token: string, payload: object): string => {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
};
