import type * as z from '#shared/zod.ts';
import { ValidationError, type FieldIssue } from '#shared/domain/errors.ts';
import type { HttpEvent, HttpMiddleware, HttpRequest, ParsedInput } from './types.ts';

export type { ParsedInput } from './types.ts';

export interface RequestSchemas {
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  path?: z.ZodMiniType;
  headers?: z.ZodMiniType;
}

type Location = keyof RequestSchemas;

const sourceOf = (event: HttpEvent, location: Location): unknown => {
  switch (location) {
    case 'body':
      return event.body;
    case 'query':
      return event.queryStringParameters ?? {};
    case 'path':
      return event.pathParameters ?? {};
    case 'headers':
      return Object.fromEntries(Object.entries(event.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  }
};

const issuesOf = (location: Location, issues: z.core.$ZodIssue[]): FieldIssue[] =>
  issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

/**
 * Parses body, query, path and headers with their zod schemas; one 400 lists every invalid field.
 * The parsed values are left on `request.context.input`.
 */
export const validate = (schemas: RequestSchemas): HttpMiddleware => ({
  before: (request: HttpRequest) => {
    const parsed: ParsedInput = { body: undefined, query: {}, path: {}, headers: {} };
    const issues: FieldIssue[] = [];
    for (const location of ['path', 'query', 'headers', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const result = schema.safeParse(sourceOf(request.event, location));
      if (result.success) parsed[location] = result.data;
      else issues.push(...issuesOf(location, result.error.issues));
    }
    if (issues.length > 0) throw new ValidationError('The request is invalid.', { issues });
    request.context.input = parsed;
  },
});
