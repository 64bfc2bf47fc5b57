import * as z from 'zod';

// Edge schemas every context shares, so ids and pages read the same everywhere (API.md Conventions).

export const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');

/** `{id}` path parameters. */
export const idPath = z.object({ id: ulid });

/** `?limit` 1–100 (default 20) and an opaque `?cursor`. */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(1024).optional(),
};

export const pageQuery = z.object(pageFields).strict();
export type PageQuery = z.infer<typeof pageQuery>;
