import { describe, expect, it } from 'vitest';
import { catalogQuery, createProductBody, productIdPath, updateProductBody } from './schemas.ts';

const product = { name: 'Mug', price: { amount: 900, currency: 'EUR' }, stock: 3 };

describe('catalog edge schemas', () => {
  it.each([
    [{}, { limit: 20 }],
    [{ limit: '1' }, { limit: 1 }],
    [
      { limit: '100', cursor: 'abc' },
      { limit: 100, cursor: 'abc' },
    ],
  ])('reads the query %j', (query, expected) => {
    expect(catalogQuery.parse(query)).toEqual(expected);
  });

  it.each([{ limit: '0' }, { limit: '101' }, { limit: 'ten' }, { limit: '2.5' }, { cursor: '' }, { sort: 'name' }])(
    'refuses the query %j',
    (query) => {
      expect(catalogQuery.safeParse(query).success).toBe(false);
    },
  );

  it.each([
    ['an unknown field', { ...product, colour: 'red' }],
    ['an unknown price field', { ...product, price: { ...product.price, tax: 1 } }],
    ['a float amount', { ...product, price: { amount: 9.99, currency: 'EUR' } }],
    ['an amount as a string', { ...product, price: { amount: '900', currency: 'EUR' } }],
    ['a lowercase currency', { ...product, price: { amount: 900, currency: 'eur' } }],
    ['a blank name', { ...product, name: '   ' }],
    ['stock above 10^6', { ...product, stock: 1_000_001 }],
  ])('refuses a new product with %s', (_case, body) => {
    expect(createProductBody.safeParse(body).success).toBe(false);
  });

  it.each([{}, { stockDelta: 0.5 }, { stock: 4 }, { stockDelta: -1_000_001 }])('refuses the change %j', (body) => {
    expect(updateProductBody.safeParse(body).success).toBe(false);
  });

  it.each(['01JABCDEFGHJKMNPQRSTVWXYZ0'])('accepts the ULID %s as a path id', (id) => {
    expect(productIdPath.parse({ id })).toEqual({ id });
  });

  it.each(['01jabcdefghjkmnpqrstvwxyz0', '01JABCDEFGHJKMNPQRSTVWXYZ', 'not-a-ulid', '01JABCDEFGHJKMNPQRSTVWXYZI'])(
    'refuses %s as a path id',
    (id) => {
      expect(productIdPath.safeParse({ id }).success).toBe(false);
    },
  );
});
