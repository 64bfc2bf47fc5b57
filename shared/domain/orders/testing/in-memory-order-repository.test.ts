import { InMemoryOrderRepository } from './in-memory-order-repository.ts';
import { describeOrderRepositoryContract } from './order-repository.contract.ts';

describeOrderRepositoryContract('InMemoryOrderRepository', () => {
  const repository = new InMemoryOrderRepository();
  return {
    repository,
    stockProduct: async ({ id, stock, status = 'ACTIVE' }) => {
      repository.products.set(id, { stock, status });
    },
    stockOf: async (productId) => repository.stockOf(productId),
  };
});
