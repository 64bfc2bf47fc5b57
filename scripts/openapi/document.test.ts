import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDocument, DOCUMENT_PATH, renderDocument } from './document.ts';
import { OPERATIONS } from './operations.ts';
import { httpRoutes } from './routes.ts';

const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe('the OpenAPI document', () => {
  it('is committed exactly as `npm run openapi` generates it', () => {
    expect(readFileSync(DOCUMENT_PATH, 'utf8'), 'docs/openapi.json is stale: run `npm run openapi` and commit it').toBe(renderDocument());
  });

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(buildDocument() as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe('3.1');
  });

  it.each(['dev', 'prod'])('has one operation per HTTP route serverless.yml deploys to %s, and no operation without a route', (stage) => {
    const routes = httpRoutes(stage).map(key).sort();
    const operations = OPERATIONS.map(key).sort();
    expect(
      routes.filter((route) => !operations.includes(route)),
      'routes without an operation (add them to scripts/openapi/operations.ts)',
    ).toEqual([]);
    expect(
      operations.filter((operation) => !routes.includes(operation)),
      'operations without a route in serverless.yml',
    ).toEqual([]);
  });

  it('names, for every operation, the function serverless.yml routes it to', () => {
    const byRoute = new Map(httpRoutes('dev').map((route) => [key(route), route.function]));
    expect(OPERATIONS.map((operation) => [key(operation), operation.function])).toEqual(
      OPERATIONS.map((operation) => [key(operation), byRoute.get(key(operation))]),
    );
  });

  it('gives every operation a unique id, a summary, the correlation-id header and a problem for the unexpected', () => {
    const document = buildDocument();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(
        item as Record<string, { operationId: string; summary: string; responses: Record<string, unknown>; parameters: unknown[] }>,
      )) {
        expect(ids.has(operation.operationId), `${method} ${path}`).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary).toBeTruthy();
        expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/CorrelationId' });
        expect(operation.responses['500']).toEqual({ $ref: '#/components/responses/InternalServerError' });
      }
    }
    expect(ids.size).toBe(OPERATIONS.length);
  });
});

describe('the request collection docs/orderly.http', () => {
  const collection = readFileSync('docs/orderly.http', 'utf8');
  const requestLines = [...collection.matchAll(/^(GET|POST|PUT|PATCH|DELETE) \{\{baseUrl\}\}(\S+)$/gm)].map((match) => ({
    method: match[1]!.toLowerCase(),
    path: match[2]!.split('?')[0]!.replace(/\{\{\w+\}\}/g, 'VAR'),
  }));

  it.each(OPERATIONS.map((operation) => [key(operation), operation] as const))('has a request for %s', (_name, operation) => {
    const pattern = new RegExp(`^${operation.path.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`);
    expect(requestLines.some((line) => line.method === operation.method && pattern.test(line.path))).toBe(true);
  });

  it('captures the login tokens for the requests that need them', () => {
    expect(collection).toMatch(/^@customerToken = \{\{customerLogin\.response\.body\.\$\.accessToken\}\}$/m);
    expect(collection).toMatch(/^@adminToken = \{\{adminLogin\.response\.body\.\$\.accessToken\}\}$/m);
  });
});
