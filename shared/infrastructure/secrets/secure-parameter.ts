import { getParameter } from '#shared/infrastructure/secrets/ssm-parameters.ts';

/**
 * A SecureString read through Powertools Parameters: decrypted, cached for `maxAgeSeconds` per container (so a
 * rotated secret is picked up without a deploy), and never put in an environment variable or a log line.
 */
export const secureParameter =
  (name: string, maxAgeSeconds = 300): (() => Promise<string | undefined>) =>
  () =>
    getParameter(name, { decrypt: true, maxAge: maxAgeSeconds });
