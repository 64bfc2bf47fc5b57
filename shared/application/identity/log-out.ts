import type { RefreshTokenStore } from '#shared/domain/identity/ports.ts';
import { hashSecret, parseRefreshToken } from './refresh-token.ts';

/** Revokes the family of a current refresh token. Unknown or stale tokens are ignored: logout always succeeds. */
export const logOut = async (deps: { refreshTokens: RefreshTokenStore }, token: string): Promise<void> => {
  const parts = parseRefreshToken(token);
  if (!parts) return;
  const family = await deps.refreshTokens.get(parts.userId, parts.familyId);
  if (family && family.tokenHash === hashSecret(parts.secret)) await deps.refreshTokens.revoke(parts.userId, parts.familyId);
};
