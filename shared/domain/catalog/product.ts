import { ConflictError, ValidationError, type FieldIssue } from '#shared/domain/errors.ts';
import { moneyIssues, type Money } from '#shared/domain/money.ts';

/** A ULID. */
export type ProductId = string;
export type ProductStatus = 'ACTIVE' | 'ARCHIVED';

export const NAME_MAX_LENGTH = 120;
export const DESCRIPTION_MAX_LENGTH = 2000;
export const MAX_STOCK = 1_000_000;

/**
 * A product of the catalog. Orders read it directly and move `stock` inside their own transactions,
 * without touching `version`, so `version` counts catalog edits only, never stock moves.
 */
export interface Product {
  id: ProductId;
  name: string;
  description: string;
  price: Money;
  stock: number;
  status: ProductStatus;
  /** Starts at 1; every catalog change adds 1. */
  version: number;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

export interface NewProduct {
  id: ProductId;
  name: string;
  description?: string | undefined;
  price: Money;
  stock: number;
}

/** What an admin may change; `stockDelta` is relative, so it composes with concurrent order reservations. */
export interface ProductChanges {
  name?: string | undefined;
  description?: string | undefined;
  price?: Money | undefined;
  stockDelta?: number | undefined;
}

const stockProblem = (stock: number) =>
  Number.isInteger(stock) && stock >= 0 && stock <= MAX_STOCK ? undefined : `must be an integer from 0 to ${MAX_STOCK}`;

const fieldIssues = (fields: {
  name?: string | undefined;
  description?: string | undefined;
  price?: Money | undefined;
  stock?: number | undefined;
}): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  if (fields.name !== undefined && (fields.name.trim().length === 0 || fields.name.length > NAME_MAX_LENGTH)) {
    issues.push({ path: 'name', message: `must be 1 to ${NAME_MAX_LENGTH} characters` });
  }
  if (fields.description !== undefined && fields.description.length > DESCRIPTION_MAX_LENGTH) {
    issues.push({ path: 'description', message: `must be at most ${DESCRIPTION_MAX_LENGTH} characters` });
  }
  if (fields.price !== undefined) issues.push(...moneyIssues(fields.price, 'price'));
  const stock = fields.stock === undefined ? undefined : stockProblem(fields.stock);
  if (stock) issues.push({ path: 'stock', message: stock });
  return issues;
};

const assertValid = (issues: FieldIssue[]) => {
  if (issues.length > 0) throw new ValidationError('The product is invalid.', { issues });
};

/** A new, active product at version 1; ValidationError lists every broken invariant. */
export const newActiveProduct = (input: NewProduct, now: string): Product => {
  assertValid(fieldIssues(input));
  return {
    id: input.id,
    name: input.name.trim(),
    description: input.description ?? '',
    price: { amount: input.price.amount, currency: input.price.currency },
    stock: input.stock,
    status: 'ACTIVE',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
};

/** Checks a change set before it reaches storage; the names are trimmed as on creation. */
export const parseProductChanges = (changes: ProductChanges): ProductChanges => {
  const issues = fieldIssues(changes);
  const delta = changes.stockDelta;
  if (delta !== undefined && !(Number.isInteger(delta) && Math.abs(delta) <= MAX_STOCK)) {
    issues.push({ path: 'stockDelta', message: `must be an integer from -${MAX_STOCK} to ${MAX_STOCK}` });
  }
  assertValid(issues);
  return { ...changes, ...(changes.name === undefined ? {} : { name: changes.name.trim() }) };
};

/** Stock after a move: never below 0 nor above MAX_STOCK (ConflictError, since it depends on the current stock). */
export const applyStockDelta = (stock: number, delta: number): number => {
  const next = stock + delta;
  if (next < 0) throw new ConflictError(`Not enough stock: ${stock} left, cannot remove ${-delta}.`);
  if (next > MAX_STOCK) throw new ConflictError(`Stock cannot exceed ${MAX_STOCK}.`);
  return next;
};

/** Archived products are frozen: readable by id and by existing orders, but no longer edited or listed. */
export const assertEditable = (product: Product): void => {
  if (product.status === 'ARCHIVED') throw new ConflictError('The product is archived and cannot be changed.');
};

/** The product after an admin edit: one version more, whatever changed. */
export const reviseProduct = (product: Product, changes: ProductChanges, now: string): Product => {
  assertEditable(product);
  const valid = parseProductChanges(changes);
  return {
    ...product,
    ...(valid.name === undefined ? {} : { name: valid.name }),
    ...(valid.description === undefined ? {} : { description: valid.description }),
    ...(valid.price === undefined ? {} : { price: { ...valid.price } }),
    stock: valid.stockDelta === undefined ? product.stock : applyStockDelta(product.stock, valid.stockDelta),
    version: product.version + 1,
    updatedAt: now,
  };
};

/** Archiving hides the product from the catalog; archiving an archived product changes nothing. */
export const archived = (product: Product, now: string): Product =>
  product.status === 'ARCHIVED' ? product : { ...product, status: 'ARCHIVED', version: product.version + 1, updatedAt: now };

/** The public view of a product. */
export interface ProductView {
  id: ProductId;
  name: string;
  description: string;
  price: Money;
  stock: number;
  status: ProductStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One entry of the public list, as the API documents it. */
export type CatalogEntry = Pick<ProductView, 'id' | 'name' | 'description' | 'price' | 'stock' | 'status'>;

// Field by field, so an attribute added to the stored item later stays private until chosen.
export const toProductView = (product: Product): ProductView => ({
  id: product.id,
  name: product.name,
  description: product.description,
  price: { amount: product.price.amount, currency: product.price.currency },
  stock: product.stock,
  status: product.status,
  version: product.version,
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
});

export const toCatalogEntry = (product: Product): CatalogEntry => {
  const { version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...entry } = toProductView(product);
  return entry;
};
