import { InMemoryProductReader } from './in-memory-product-reader.ts';
import { describeProductReaderContract } from './product-reader.contract.ts';

describeProductReaderContract('InMemoryProductReader', () => {
  const reader = new InMemoryProductReader();
  return {
    reader,
    putProduct: async (product) => {
      reader.products.set(product.id, product);
    },
  };
});
