import { createHash, randomBytes } from 'node:crypto';

/** `<userId>.<familyId>.<secret>`: the ids locate the family, only the secret's hash is stored. */
export interface RefreshTokenParts {
  userId: string;
  familyId: string;
  secret: string;
}

const PART = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export const formatRefreshToken = ({ userId, familyId, secret }: RefreshTokenParts): string => `${userId}.${familyId}.${secret}`;

export const parseRefreshToken = (token: string): RefreshTokenParts | undefined => {
  const [userId, familyId, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !userId || !familyId || !secret) return undefined;
  return PART.test(userId) && PART.test(familyId) && SECRET.test(secret) ? { userId, familyId, secret } : undefined;
};
