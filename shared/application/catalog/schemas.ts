import * as z from 'zod';
import { idPath, pageQuery } from '../common-schemas.ts';
import { findCurrencyProblem, MAX_PRICE_AMOUNT } from '#shared/domain/money.ts';
import { DESCRIPTION_MAX_LENGTH, MAX_STOCK, NAME_MAX_LENGTH } from '#shared/domain/catalog/product.ts';

// Edge schemas: strict shapes with the domain's limits, so one 400 lists every broken field.
const name = z.string().trim().min(1).max(NAME_MAX_LENGTH);
const description = z.string().max(DESCRIPTION_MAX_LENGTH);
const currency = z.string().superRefine((value, ctx) => {
  const problem = findCurrencyProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const price = z.object({ amount: z.number().int().min(0).max(MAX_PRICE_AMOUNT), currency }).strict();

export const createProductBody = z
  .object({ name, description: description.optional(), price, stock: z.number().int().min(0).max(MAX_STOCK) })
  .strict();
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = z
  .object({
    name: name.optional(),
    description: description.optional(),
    price: price.optional(),
    stockDelta: z.number().int().min(-MAX_STOCK).max(MAX_STOCK).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of name, description, price, stockDelta' });
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const productIdPath = idPath;

export const catalogQuery = pageQuery;
export type CatalogQuery = z.infer<typeof catalogQuery>;
