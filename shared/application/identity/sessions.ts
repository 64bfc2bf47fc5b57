import { UnauthorizedError } from '#shared/domain/errors.ts';
import type { UserRepository } from '#shared/domain/identity/ports.ts';
import type { User } from '#shared/domain/identity/user.ts';
import type { AccessTokenIssuer, Clock, RefreshTokenStore } from './ports.ts';
import { formatRefreshToken, hashSecret, newSecret, parseRefreshToken } from './refresh-token.ts';

export interface SessionDeps {
  users: UserRepository;
  tokens: AccessTokenIssuer;
  refreshTokens: RefreshTokenStore;
  clock: Clock;
  newId: () => string;
  refreshTtlSeconds: number;
}

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
}

const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked.';

const pairFor = async (deps: SessionDeps, user: User, familyId: string, secret: string): Promise<TokenPair> => {
  const { accessToken, expiresIn } = await deps.tokens.issue({ sub: user.id, roles: user.roles });
  return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken: formatRefreshToken({ userId: user.id, familyId, secret }) };
};

/** Starts a new refresh-token family for a user who just proved who they are. */
export const startSession = async (deps: SessionDeps, user: User): Promise<TokenPair> => {
  const familyId = deps.newId();
  const secret = newSecret();
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + deps.refreshTtlSeconds;
  await deps.refreshTokens.create({ userId: user.id, familyId, tokenHash: hashSecret(secret), revoked: false, expiresAt });
  return pairFor(deps, user, familyId, secret);
};

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
  const rotated = presentedHash === family.tokenHash && (await deps.refreshTokens.rotate(parts.userId, parts.familyId, presentedHash, hashSecret(secret)));
  if (!rotated) {
    await deps.refreshTokens.revoke(parts.userId, parts.familyId);
    throw new UnauthorizedError(INVALID_REFRESH);
  }
  const user = await deps.users.getById(parts.userId);
  if (!user) throw new UnauthorizedError(INVALID_REFRESH);
  return pairFor(deps, user, parts.familyId, secret);
};

/** Revokes the family of a current refresh token. Unknown or stale tokens are ignored: logout always succeeds. */
export const endSession = async (deps: Pick<SessionDeps, 'refreshTokens'>, token: string): Promise<void> => {
  const parts = parseRefreshToken(token);
  if (!parts) return;
  const family = await deps.refreshTokens.get(parts.userId, parts.familyId);
  if (family && family.tokenHash === hashSecret(parts.secret)) await deps.refreshTokens.revoke(parts.userId, parts.familyId);
};
