import { createProduct } from '#shared/application/catalog/create-product.ts';
import type { CreateProductBody } from '#shared/application/catalog/schemas.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { dynamoProductRepository } from '#shared/infrastructure/catalog/dynamo-product-repository.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { localCredentials } from './aws.ts';
import type { EnvMap } from './env.ts';

// Fixed ULIDs make the seed idempotent: a product that exists is left exactly as it is (stock included).
const seedId = (n: number) => `01J0SEEDPRD${String(n).padStart(15, '0')}`;

export const DEMO_PRODUCTS: Array<CreateProductBody & { id: string }> = [
  { id: seedId(1), name: 'Espresso cup', description: 'Porcelain, 80 ml, stackable', price: { amount: 1250, currency: 'EUR' }, stock: 120 },
  {
    id: seedId(2),
    name: 'Pour-over kettle',
    description: 'Gooseneck, 1 l, stainless steel',
    price: { amount: 5900, currency: 'EUR' },
    stock: 25,
  },
  { id: seedId(3), name: 'Hand grinder', description: 'Conical ceramic burrs', price: { amount: 4490, currency: 'EUR' }, stock: 40 },
  { id: seedId(4), name: 'Paper filters (100)', description: 'Size 02, unbleached', price: { amount: 650, currency: 'EUR' }, stock: 500 },
  {
    id: seedId(5),
    name: 'Coffee beans, house blend',
    description: '1 kg, medium roast',
    price: { amount: 2400, currency: 'EUR' },
    stock: 60,
  },
  { id: seedId(6), name: 'Limited edition mug', description: 'Only a few left', price: { amount: 1800, currency: 'EUR' }, stock: 2 },
];

/** Demo products for the offline stack, created only when missing; returns the names it created. Local only. */
export const seedProducts = async (env: EnvMap): Promise<string[]> => {
  const client = createDynamoClient({
    region: env.AWS_REGION ?? 'eu-west-1',
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: localCredentials,
  });
  const products = dynamoProductRepository({ client, tableName: env.TABLE_NAME! });
  const created: string[] = [];
  try {
    for (const { id, ...body } of DEMO_PRODUCTS) {
      try {
        await createProduct({ products, clock: { now: () => new Date() }, newId: () => id }, body);
        created.push(body.name);
      } catch (error) {
        if (!(error instanceof ConflictError))
          throw new Error(`Cannot seed product ${body.name}: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    client.destroy();
  }
  return created;
};
