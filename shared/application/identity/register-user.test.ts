import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import { FakePasswordHasher } from '#shared/domain/identity/testing/fake-password-hasher.ts';
import { InMemoryUserRepository } from '#shared/domain/identity/testing/in-memory-user-repository.ts';
import { registerUser } from './register-user.ts';

const PASSWORD = 'correct horse battery staple';

describe('registerUser', () => {
  const registerDeps = () => ({
    users: new InMemoryUserRepository(),
    hasher: FakePasswordHasher,
    clock: { now: () => new Date() },
    newId: ulid,
  });

  it('normalises the email, hashes the password and grants only the customer role', async () => {
    const deps = registerDeps();

    const profile = await registerUser(deps, { email: '  Ada@Example.COM ', password: PASSWORD, name: 'Ada' });

    expect(profile).toMatchObject({ email: 'ada@example.com', roles: ['customer'] });
    expect(profile).not.toHaveProperty('passwordHash');
    expect((await deps.users.getById(profile.id))?.passwordHash).toBe(`fake$${PASSWORD}`);
  });

  it('refuses a second account for the same email in another case', async () => {
    const deps = registerDeps();
    await registerUser(deps, { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });

    await expect(registerUser(deps, { email: 'ADA@example.com', password: PASSWORD, name: 'Eve' })).rejects.toThrow(ConflictError);
  });

  it('refuses a password that breaks the policy even if the edge let it through', async () => {
    await expect(registerUser(registerDeps(), { email: 'a@example.com', password: 'password', name: 'A' })).rejects.toThrow(
      ValidationError,
    );
  });
});
