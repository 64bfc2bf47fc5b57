import * as z from '#shared/zod.ts';
import { idPath, pageQuery } from '../common-schemas.ts';
import { findCurrencyProblem, MAX_PRICE_AMOUNT } from '#shared/domain/money.ts';
import { DESCRIPTION_MAX_LENGTH, MAX_STOCK, NAME_MAX_LENGTH } from '#shared/domain/catalog/product.ts';

// Edge schemas: strict shapes with the domain's limits, so one 400 lists every broken field.
const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(NAME_MAX_LENGTH));
const description = z.string().check(z.maxLength(DESCRIPTION_MAX_LENGTH));
const currency = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = findCurrencyProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);
const price = z.strictObject({ amount: z.int().check(z.gte(0), z.lte(MAX_PRICE_AMOUNT)), currency });

export const createProductBody = z.strictObject({
  name,
  description: z.optional(description),
  price,
  stock: z.int().check(z.gte(0), z.lte(MAX_STOCK)),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = z
  .strictObject({
    name: z.optional(name),
    description: z.optional(description),
    price: z.optional(price),
    stockDelta: z.optional(z.int().check(z.gte(-MAX_STOCK), z.lte(MAX_STOCK))),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of name, description, price, stockDelta' }));
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const productIdPath = idPath;

export const catalogQuery = pageQuery;
export type CatalogQuery = z.infer<typeof catalogQuery>;
