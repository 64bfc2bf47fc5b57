import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesFilterPatterns } from '../../../scripts/local/stream-filter.ts';
import { STOCK_MOVE_MARKER } from '#shared/contracts/product-changes.ts';
import { productUpdateParams } from '#shared/infrastructure/catalog/product-update.ts';
import { stockUpdate } from './stock-updates.ts';

// The catalog cache invalidation's own stream filter, as deployed and as the local trigger applies it.
const functions = parse(readFileSync(new URL('../../../infra/functions-catalog.yml', import.meta.url), 'utf8')) as Record<
  string,
  { events: { stream?: { filterPatterns: Record<string, unknown>[] } }[] }
>;
const patterns = functions.invalidateCatalogCache!.events.find((event) => event.stream)!.stream!.filterPatterns;
const product = { PK: 'PRODUCT#P1', SK: 'PRODUCT', entity: 'Product', id: 'P1', name: 'Mug', stock: 5, status: 'ACTIVE', version: 3 };
const reaches = (eventName: string, image: Record<string, unknown>) =>
  matchesFilterPatterns({ eventName, dynamodb: { NewImage: marshall(image) } }, patterns);

describe("an order's stock move and the catalog cache", () => {
  it.each([-2, 3])('marks the product as moved by an order (delta %i)', (delta) => {
    const { Update } = stockUpdate('t', { productId: 'P1', delta }, '2026-01-01T00:00:00.000Z');

    expect(Update.UpdateExpression).toContain('#moved = :orders');
    expect((Update.ExpressionAttributeNames as Record<string, string>)['#moved']).toBe(STOCK_MOVE_MARKER);
  });

  it('has every catalog edit clear the mark', () => {
    expect(productUpdateParams('t', 'P1', { stockDelta: 1 }, 'now').UpdateExpression).toMatch(/ REMOVE #moved$/);
  });

  it.each([
    ['a new product', 'INSERT', product, true],
    ['a catalog edit', 'MODIFY', product, true],
    ["an order's stock move", 'MODIFY', { ...product, [STOCK_MOVE_MARKER]: 'orders' }, false],
    ['another entity', 'MODIFY', { ...product, entity: 'OrderState' }, false],
  ])('%s (%s) reaches the invalidation: %s', (_name, eventName, image, expected) => {
    expect(reaches(eventName as string, image as Record<string, unknown>)).toBe(expected);
  });
});
