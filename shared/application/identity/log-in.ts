import { UnauthorizedError } from '#shared/domain/errors.ts';
import { normaliseEmail } from '#shared/domain/identity/email.ts';
import type { PasswordHasher, RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';
import { startSession, type SessionDeps, type TokenPair } from './start-session.ts';

export interface LogInDeps extends SessionDeps {
  hasher: PasswordHasher;
  limiter: RateLimiter;
  /**
   * perEmailIp: attempts at one email from one source IP (the guessing limit); perEmail: a much higher ceiling for
   * one email across every IP; perIp: attempts from one IP at any email.
   */
  limits: { perEmailIp: RateRule; perEmail: RateRule; perIp: RateRule };
  /** A hash of a random password, verified when the email is unknown so timing does not reveal accounts. */
  decoyHash: string;
}

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

/**
 * Checks the credentials. Attempts are counted before the password is looked at, so a guessing run is stopped even
 * when it finally guesses right: per source IP, per email from that IP (the tight limit), and per email from
 * anywhere (a ceiling far above it, for guessing spread over many IPs). Someone guessing from elsewhere therefore
 * uses up only their own email+IP window and cannot lock the owner out; a successful login clears the owner's
 * email+IP window and the email's ceiling.
 */
export const logIn = async (deps: LogInDeps, input: { email: string; password: string; sourceIp: string }): Promise<TokenPair> => {
  const email = normaliseEmail(input.email);
  const emailFromIp = `${email} ${input.sourceIp}`;
  await deps.limiter.consume('login-ip', input.sourceIp, deps.limits.perIp);
  await deps.limiter.consume('login-email-ip', emailFromIp, deps.limits.perEmailIp);
  await deps.limiter.consume('login-email', email, deps.limits.perEmail);
  const user = await deps.users.getByEmail(email as Parameters<typeof deps.users.getByEmail>[0]);
  const matches = await deps.hasher.verify(input.password, user?.passwordHash ?? deps.decoyHash);
  if (!user || !matches) throw new UnauthorizedError(INVALID_CREDENTIALS);
  await deps.limiter.reset('login-email-ip', emailFromIp, deps.limits.perEmailIp);
  await deps.limiter.reset('login-email', email, deps.limits.perEmail);
  return startSession(deps, user);
};
