import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { Email } from '../email.ts';
import type { UserRepository } from '../ports.ts';
import type { User } from '../user.ts';
import { aUser } from './user-mother.ts';

/** Every page of `list`, of only the given users (the DynamoDB table is shared with other tests). */
const listedAmong = async (users: UserRepository, ids: ReadonlySet<string>): Promise<string[]> => {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await users.list({ limit: 25, cursor });
    seen.push(...page.items.map((user) => user.id).filter((id) => ids.has(id)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
};

/** The UserRepository contract: the in-memory fake and the DynamoDB adapter both pass it. */
export const describeUserRepositoryContract = (name: string, makeRepository: () => UserRepository) =>
  describe(`${name} honours the UserRepository contract`, () => {
    it('finds a created user by id and by email, and nothing for an unknown id or email', async () => {
      const users = makeRepository();
      const user = aUser();

      await users.create(user);

      expect(await users.getById(user.id)).toEqual(user);
      expect(await users.getByEmail(user.email)).toEqual(user);
      expect(await users.getById(ulid())).toBeUndefined();
      expect(await users.getByEmail(`nobody-${ulid().toLowerCase()}@example.com` as Email)).toBeUndefined();
    });

    it('refuses a second user with the same email with ConflictError', async () => {
      const users = makeRepository();
      const email = `same-${ulid().toLowerCase()}@example.com` as Email;
      await users.create(aUser({ email }));

      await expect(users.create(aUser({ email }))).rejects.toThrow(ConflictError);
    });

    it('lets exactly one of many concurrent creations with one email succeed', async () => {
      const users = makeRepository();
      const email = `race-${ulid().toLowerCase()}@example.com` as Email;

      const results = await Promise.allSettled(Array.from({ length: 8 }, () => users.create(aUser({ email }))));

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter((entry) => entry.status === 'rejected'))
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    });

    it('updates at the expected version and refuses a stale one with ConflictError', async () => {
      const users = makeRepository();
      const user = aUser();
      await users.create(user);

      await users.update({ ...user, name: 'Ada King', version: 2 }, 1);
      const stale = users.update({ ...user, name: 'Stale', version: 2 }, 1);

      await expect(stale).rejects.toThrow(ConflictError);
      expect(await users.getById(user.id)).toMatchObject({ name: 'Ada King', version: 2 });
    });

    it('raises NotFoundError when updating a user that does not exist', async () => {
      await expect(makeRepository().update(aUser(), 1)).rejects.toThrow(NotFoundError);
    });

    it('hands out copies, so callers cannot change stored users by mutation', async () => {
      const users = makeRepository();
      const user = aUser();
      await users.create(user);

      user.name = 'Changed';
      (await users.getById(user.id))?.roles.push('admin');

      expect(await users.getById(user.id)).toMatchObject({ name: 'Ada Lovelace', roles: ['customer'] });
    });

    it('lists users newest first, page by page, each once', async () => {
      const users = makeRepository();
      const created: User[] = [];
      for (const day of ['01', '02', '03']) created.push(aUser({ createdAt: `2024-02-${day}T00:00:00.000Z` }));
      for (const user of created) await users.create(user);

      const listed = await listedAmong(users, new Set(created.map((user) => user.id)));

      expect(listed).toEqual(created.map((user) => user.id).reverse());
    });

    it('rejects a cursor it did not issue with ValidationError', async () => {
      await expect(makeRepository().list({ limit: 10, cursor: 'garbage' })).rejects.toThrow(ValidationError);
    });
  });
