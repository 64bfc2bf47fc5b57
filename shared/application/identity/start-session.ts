import type { Clock } from '#shared/domain/clock.ts';
import type { AccessTokenIssuer, RefreshTokenStore, UserRepository } from '#shared/domain/identity/ports.ts';
import type { User } from '#shared/domain/identity/user.ts';
import { formatRefreshToken, hashSecret, newSecret } from './refresh-token.ts';

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

/** A fresh access token and the refresh token `<userId>.<familyId>.<secret>`. */
export const issueTokenPair = async (
  deps: Pick<SessionDeps, 'tokens'>,
  user: User,
  familyId: string,
  secret: string,
): Promise<TokenPair> => {
  const { accessToken, expiresIn } = await deps.tokens.issue({ sub: user.id, roles: user.roles });
  return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken: formatRefreshToken({ userId: user.id, familyId, secret }) };
};

/** Starts a new refresh-token family for a user who just proved who they are. */
export const startSession = async (deps: SessionDeps, user: User): Promise<TokenPair> => {
  const familyId = deps.newId();
  const secret = newSecret();
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + deps.refreshTtlSeconds;
  await deps.refreshTokens.create({ userId: user.id, familyId, tokenHash: hashSecret(secret), revoked: false, expiresAt });
  return issueTokenPair(deps, user, familyId, secret);
};
