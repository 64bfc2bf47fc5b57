import { describe, expect, it } from 'vitest';
import { ulid } from '../common-schemas.ts';
import { orderIdFor } from './order-id.ts';

describe('orderIdFor', () => {
  it('names the same order for the same customer and key, and is a valid id of the API', () => {
    const id = orderIdFor('customer-1', 'key-12345678');

    expect(orderIdFor('customer-1', 'key-12345678')).toBe(id);
    expect(ulid.safeParse(id).success).toBe(true);
    expect(id[0]).toMatch(/[0-7]/);
  });

  it.each([
    ['another customer', 'customer-2', 'key-12345678'],
    ['another key', 'customer-1', 'key-12345679'],
    ['a shifted boundary between customer and key', 'customer-1k', 'ey-12345678'],
  ])('names another order for %s', (_name, customerId, key) => {
    expect(orderIdFor(customerId, key)).not.toBe(orderIdFor('customer-1', 'key-12345678'));
  });
});
