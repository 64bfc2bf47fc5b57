import { describeProductRepositoryContract } from './product-repository.contract.ts';
import { InMemoryProductRepository } from './in-memory-product-repository.ts';

describeProductRepositoryContract('InMemoryProductRepository', () => new InMemoryProductRepository());
