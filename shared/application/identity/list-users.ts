import type { ListUsersQuery, UserRepository } from '#shared/domain/identity/ports.ts';
import { toProfile, type UserProfile } from '#shared/domain/identity/user.ts';

/** Every account's profile, newest first (support, admin). */
export const listUsers = async (
  { users }: { users: Pick<UserRepository, 'list'> },
  query: ListUsersQuery,
): Promise<{ items: UserProfile[]; nextCursor: string | null }> => {
  const page = await users.list(query);
  return { items: page.items.map(toProfile), nextCursor: page.nextCursor };
};
