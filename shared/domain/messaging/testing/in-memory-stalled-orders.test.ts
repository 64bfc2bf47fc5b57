import { InMemoryStalledOrders } from './in-memory-stalled-orders.ts';
import { describeStalledOrderFinderContract } from './stalled-order-finder.contract.ts';

describeStalledOrderFinderContract('InMemoryStalledOrders', async () => {
  const finder = new InMemoryStalledOrders();
  return {
    finder,
    givenOrder: async (order) => {
      finder.orders.set(order.id, structuredClone(order));
    },
  };
});
