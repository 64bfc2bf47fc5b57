import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { changedProductIds } from './product-stream.ts';

const record = (NewImage: Record<string, unknown> | undefined) => ({ eventName: 'MODIFY', dynamodb: { SequenceNumber: '1', NewImage } });

describe('changedProductIds', () => {
  it.each([
    ['a product insert or change', { entity: { S: 'Product' }, id: { S: 'P1' } }, ['P1']],
    ['a catalog page', { entity: { S: 'CatalogPage' }, PK: { S: 'CACHE#CATALOG' } }, []],
    ['an order event', { entity: { S: 'OrderEvent' }, id: { S: 'E1' } }, []],
    ['a record without a new image', undefined, []],
  ])('reads %s', (_case, image, ids) => {
    expect(changedProductIds({ Records: [record(image)] } as unknown as DynamoDBStreamEvent)).toEqual(ids);
  });
});
