import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import { applyStockDelta, archived, newActiveProduct, MAX_STOCK, parseProductChanges, reviseProduct, toCatalogEntry } from './product.ts';
import { aProduct } from './testing/product-mother.ts';

const NOW = '2025-02-01T10:00:00.000Z';
const valid = { id: '01JABCDEFGHJKMNPQRSTVWXYZ0', name: 'Mug', price: { amount: 900, currency: 'EUR' }, stock: 5 };

describe('newActiveProduct', () => {
  it('makes an active product at version 1 with an empty description by default', () => {
    expect(newActiveProduct(valid, NOW)).toEqual({
      ...valid,
      description: '',
      status: 'ACTIVE',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it.each([
    ['an empty name', { name: '  ' }, 'name'],
    ['a name of 121 characters', { name: 'x'.repeat(121) }, 'name'],
    ['a description of 2001 characters', { description: 'x'.repeat(2001) }, 'description'],
    ['a fractional price', { price: { amount: 9.5, currency: 'EUR' } }, 'price.amount'],
    ['a negative price', { price: { amount: -1, currency: 'EUR' } }, 'price.amount'],
    ['a price above 10^9', { price: { amount: 1_000_000_001, currency: 'EUR' } }, 'price.amount'],
    ['an unknown currency', { price: { amount: 1, currency: 'ABC' } }, 'price.currency'],
    ['negative stock', { stock: -1 }, 'stock'],
    ['fractional stock', { stock: 1.5 }, 'stock'],
    ['stock above 10^6', { stock: MAX_STOCK + 1 }, 'stock'],
  ])('rejects %s', (_case, overrides, path) => {
    expect(() => newActiveProduct({ ...valid, ...overrides }, NOW)).toThrow(ValidationError);
    try {
      newActiveProduct({ ...valid, ...overrides }, NOW);
    } catch (error) {
      expect((error as ValidationError).issues?.map((issue) => issue.path)).toEqual([path]);
    }
  });

  it.each([
    ['a name of 120 characters', { name: 'x'.repeat(120) }],
    ['a description of 2000 characters', { description: 'x'.repeat(2000) }],
    ['a free product with no stock', { price: { amount: 0, currency: 'JPY' }, stock: 0 }],
    ['the largest price and stock', { price: { amount: 1_000_000_000, currency: 'USD' }, stock: MAX_STOCK }],
  ])('accepts %s', (_case, overrides) => {
    expect(newActiveProduct({ ...valid, ...overrides }, NOW).status).toBe('ACTIVE');
  });
});

describe('applyStockDelta', () => {
  it.each([
    [5, -5, 0],
    [5, 3, 8],
    [0, 0, 0],
    [MAX_STOCK - 1, 1, MAX_STOCK],
  ])('moves %i by %i to %i', (stock, delta, expected) => {
    expect(applyStockDelta(stock, delta)).toBe(expected);
  });

  it.each([
    [5, -6],
    [0, -1],
    [MAX_STOCK, 1],
  ])('refuses to move %i by %i with ConflictError', (stock, delta) => {
    expect(() => applyStockDelta(stock, delta)).toThrow(ConflictError);
  });
});

describe('reviseProduct', () => {
  it('applies the changes, bumps the version and the update time', () => {
    // Prepare
    const product = aProduct({ stock: 4 });

    // Act
    const revised = reviseProduct(product, { name: ' Big mug ', price: { amount: 1500, currency: 'EUR' }, stockDelta: -4 }, NOW);

    // Assess
    expect(revised).toMatchObject({ name: 'Big mug', price: { amount: 1500, currency: 'EUR' }, stock: 0, version: 2, updatedAt: NOW });
    expect(revised.createdAt).toBe(product.createdAt);
  });

  it('refuses to change an archived product', () => {
    expect(() => reviseProduct(aProduct({ status: 'ARCHIVED' }), { name: 'New' }, NOW)).toThrow(ConflictError);
  });

  it.each([
    [{ stockDelta: 1.5 }, 'stockDelta'],
    [{ stockDelta: -(MAX_STOCK + 1) }, 'stockDelta'],
    [{ name: '' }, 'name'],
  ])('rejects the change set %j', (changes, path) => {
    expect(() => parseProductChanges(changes)).toThrow(ValidationError);
    try {
      parseProductChanges(changes);
    } catch (error) {
      expect((error as ValidationError).issues?.[0]?.path).toBe(path);
    }
  });
});

describe('archived', () => {
  it('archives once and leaves an archived product as it is', () => {
    // Act
    const once = archived(aProduct(), NOW);

    // Assess
    expect(once).toMatchObject({ status: 'ARCHIVED', version: 2, updatedAt: NOW });
    expect(archived(once, '2030-01-01T00:00:00.000Z')).toBe(once);
  });
});

describe('toCatalogEntry', () => {
  it('shows only the documented list fields', () => {
    expect(Object.keys(toCatalogEntry(aProduct()))).toEqual(['id', 'name', 'description', 'price', 'stock', 'status']);
  });
});
