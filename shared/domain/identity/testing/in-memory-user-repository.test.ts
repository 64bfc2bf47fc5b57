import { describeUserRepositoryContract } from './user-repository.contract.ts';
import { InMemoryUserRepository } from './in-memory-user-repository.ts';

describeUserRepositoryContract('InMemoryUserRepository', () => new InMemoryUserRepository());
