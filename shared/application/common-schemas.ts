import * as z from '#shared/zod.ts';

// Edge schemas every context shares, so ids and pages read the same everywhere (API.md Conventions).

export const ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'));

/** `{id}` path parameters. */
export const idPath = z.object({ id: ulid });

/** `?limit` 1–100 (default 20) and an opaque `?cursor`. */
export const pageFields = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
};

export const pageQuery = z.strictObject(pageFields);
export type PageQuery = z.infer<typeof pageQuery>;
