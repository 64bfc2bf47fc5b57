import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import type { Email } from '../email.ts';
import type { ListUsersQuery, UserPage, UserRepository } from '../ports.ts';
import type { User, UserId } from '../user.ts';

// Opaque enough for a fake; the DynamoDB adapter encodes its LastEvaluatedKey instead.
const CURSOR_PREFIX = 'after:';
const positionOf = (user: User) => `${user.createdAt}#${user.id}`;
const encodeCursor = (position: string): string => `${CURSOR_PREFIX}${position}`;

const decodeCursor = (cursor: string): string => {
  if (cursor.startsWith(CURSOR_PREFIX) && cursor.length > CURSOR_PREFIX.length) return cursor.slice(CURSOR_PREFIX.length);
  throw new ValidationError('Invalid cursor', { issues: [{ path: 'cursor', message: 'Cursor is not valid' }] });
};

/** A UserRepository fake for unit tests: same contract as the DynamoDB adapter, kept in a Map, copies in and out. */
export class InMemoryUserRepository implements UserRepository {
  readonly #users = new Map<UserId, User>();

  async create(user: User): Promise<void> {
    if (this.#users.has(user.id)) throw new ConflictError(`User ${user.id} already exists`);
    if ([...this.#users.values()].some((existing) => existing.email === user.email)) {
      throw new ConflictError('Email is already registered');
    }
    this.#users.set(user.id, structuredClone(user));
  }

  async getById(id: UserId): Promise<User | undefined> {
    const user = this.#users.get(id);
    return user === undefined ? undefined : structuredClone(user);
  }

  async getByEmail(email: Email): Promise<User | undefined> {
    const user = [...this.#users.values()].find((candidate) => candidate.email === email);
    return user === undefined ? undefined : structuredClone(user);
  }

  async update(user: User, expectedVersion: number): Promise<void> {
    const stored = this.#users.get(user.id);
    if (stored === undefined) throw new NotFoundError(`User ${user.id} not found`);
    if (stored.version !== expectedVersion) throw new ConflictError(`User ${user.id} was changed concurrently`);
    if (stored.email !== user.email) throw new Error('InMemoryUserRepository.update cannot change the email');
    this.#users.set(user.id, structuredClone(user));
  }

  async list({ limit, cursor }: ListUsersQuery): Promise<UserPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const matching = [...this.#users.values()]
      .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : -1))
      .filter((user) => after === undefined || positionOf(user) < after);
    const items = matching.slice(0, limit).map((user) => structuredClone(user));
    const last = items.at(-1);
    return { items, nextCursor: matching.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
  }

  /** Every stored user, for assertions. */
  all(): User[] {
    return [...this.#users.values()].map((user) => structuredClone(user));
  }
}
