import { UnauthorizedError } from '#shared/domain/errors.ts';
import { normaliseEmail } from '#shared/domain/identity/email.ts';
import type { PasswordHasher, RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';
import { startSession, type SessionDeps, type TokenPair } from './start-session.ts';

export interface LogInDeps extends SessionDeps {
  hasher: PasswordHasher;
  limiter: RateLimiter;
  limits: { perEmail: RateRule; perIp: RateRule };
  /** A hash of a random password, verified when the email is unknown so timing does not reveal accounts. */
  decoyHash: string;
}

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

/**
 * Checks the credentials. Attempts are counted per source IP and per email before the password is looked at,
 * so a guessing run is stopped even when it finally guesses right; a successful login clears the email's count.
 */
export const logIn = async (deps: LogInDeps, input: { email: string; password: string; sourceIp: string }): Promise<TokenPair> => {
  const email = normaliseEmail(input.email);
  await deps.limiter.consume('login-ip', input.sourceIp, deps.limits.perIp);
  await deps.limiter.consume('login-email', email, deps.limits.perEmail);
  const user = await deps.users.getByEmail(email as Parameters<typeof deps.users.getByEmail>[0]);
  const matches = await deps.hasher.verify(input.password, user?.passwordHash ?? deps.decoyHash);
  if (!user || !matches) throw new UnauthorizedError(INVALID_CREDENTIALS);
  await deps.limiter.reset('login-email', email, deps.limits.perEmail);
  return startSession(deps, user);
};
