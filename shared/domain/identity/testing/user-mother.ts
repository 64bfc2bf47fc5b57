import { ulid } from 'ulid';
import type { Email } from '../email.ts';
import type { User } from '../user.ts';

/** A valid customer with unique id and email; override only what the test is about. */
export const aUser = (overrides: Partial<User> = {}): User => {
  const id = overrides.id ?? ulid();
  return {
    id,
    email: `user-${id.toLowerCase()}@example.com` as Email,
    name: 'Ada Lovelace',
    roles: ['customer'],
    passwordHash: 'scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
};
