import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { Email } from '../email.ts';
import { InMemoryUserRepository } from './in-memory-user-repository.ts';
import { aUser } from './user-mother.ts';

describe('InMemoryUserRepository', () => {
  it('finds a created user by id and by email', async () => {
    // Prepare
    const repository = new InMemoryUserRepository();
    const user = aUser();

    // Act
    await repository.create(user);

    // Assess
    expect(await repository.getById(user.id)).toEqual(user);
    expect(await repository.getByEmail(user.email)).toEqual(user);
    expect(await repository.getById('01J00000000000000000000000')).toBeUndefined();
  });

  it('rejects a second user with the same email with ConflictError', async () => {
    // Prepare
    const repository = new InMemoryUserRepository();
    await repository.create(aUser({ email: 'ada@example.com' as Email }));

    // Act
    const act = repository.create(aUser({ email: 'ada@example.com' as Email }));

    // Assess
    await expect(act).rejects.toThrow(ConflictError);
  });

  it('updates when the expected version matches and raises ConflictError when it does not', async () => {
    // Prepare
    const repository = new InMemoryUserRepository();
    const user = aUser();
    await repository.create(user);

    // Act
    await repository.update({ ...user, name: 'Ada King', version: 2 }, 1);
    const stale = repository.update({ ...user, name: 'Stale', version: 2 }, 1);

    // Assess
    await expect(stale).rejects.toThrow(ConflictError);
    expect(await repository.getById(user.id)).toMatchObject({ name: 'Ada King', version: 2 });
  });

  it('raises NotFoundError when updating a user that does not exist', async () => {
    await expect(new InMemoryUserRepository().update(aUser(), 1)).rejects.toThrow(NotFoundError);
  });

  it('hands out copies, so callers cannot change stored users by mutation', async () => {
    // Prepare
    const repository = new InMemoryUserRepository();
    const user = aUser();
    await repository.create(user);

    // Act
    user.name = 'Changed';
    const read = await repository.getById(user.id);
    read?.roles.push('admin');

    // Assess
    expect(await repository.getById(user.id)).toMatchObject({ name: 'Ada Lovelace', roles: ['customer'] });
  });

  it('lists newest first, page by page, filtered by role', async () => {
    // Prepare
    const repository = new InMemoryUserRepository();
    const ids = ['01JA0000000000000000000001', '01JA0000000000000000000002', '01JA0000000000000000000003'];
    for (const id of ids) await repository.create(aUser({ id }));
    await repository.create(aUser({ id: '01JA0000000000000000000004', roles: ['admin'] }));

    // Act
    const first = await repository.list({ limit: 2, role: 'customer' });
    const second = await repository.list({ limit: 2, role: 'customer', cursor: first.nextCursor ?? undefined });
    const everyone = await repository.list({ limit: 10 });

    // Assess
    expect(first.items.map(({ id }) => id)).toEqual([ids[2], ids[1]]);
    expect(second.items.map(({ id }) => id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect(everyone.items).toHaveLength(4);
  });

  it('rejects a cursor it did not issue with ValidationError', async () => {
    await expect(new InMemoryUserRepository().list({ limit: 10, cursor: 'garbage' })).rejects.toThrow(ValidationError);
  });
});
