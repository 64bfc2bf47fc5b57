import { UnauthorizedError } from '#shared/domain/errors.ts';
import { hashSecret, newSecret, parseRefreshToken } from './refresh-token.ts';
import { issueTokenPair, type SessionDeps, type TokenPair } from './start-session.ts';

const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked.';

/**
 * Rotates a refresh token. Presenting one that was already rotated means it leaked (or raced):
 * the whole family is revoked and both holders must sign in again.
 */
export const refreshSession = async (deps: SessionDeps, token: string): Promise<TokenPair> => {
  const parts = parseRefreshToken(token);
  if (!parts) throw new UnauthorizedError(INVALID_REFRESH);
  const family = await deps.refreshTokens.get(parts.userId, parts.familyId);
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  if (!family || family.revoked || family.expiresAt <= nowSeconds) throw new UnauthorizedError(INVALID_REFRESH);
  const presentedHash = hashSecret(parts.secret);
  const secret = newSecret();
  const rotated =
    presentedHash === family.tokenHash &&
    (await deps.refreshTokens.rotate(parts.userId, parts.familyId, presentedHash, hashSecret(secret)));
  if (!rotated) {
    await deps.refreshTokens.revoke(parts.userId, parts.familyId);
    throw new UnauthorizedError(INVALID_REFRESH);
  }
  const user = await deps.users.getById(parts.userId);
  if (!user) throw new UnauthorizedError(INVALID_REFRESH);
  return issueTokenPair(deps, user, parts.familyId, secret);
};
