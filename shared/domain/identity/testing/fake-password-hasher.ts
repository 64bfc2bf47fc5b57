import type { PasswordHasher } from '../ports.ts';

/** Reversible "hash" for unit tests: the real scrypt hasher has its own tests. */
export const FakePasswordHasher: PasswordHasher = {
  hash: async (plain) => `fake$${plain}`,
  verify: async (plain, stored) => stored === `fake$${plain}`,
  needsRehash: () => false,
};
