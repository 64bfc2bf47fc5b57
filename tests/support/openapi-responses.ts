import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Checks HTTP responses against docs/openapi.json: the status must be declared for the operation, the content type
// must be one it declares, the body must match its schema, and x-correlation-id must be there. A request that no
// operation serves must get the documented catch-all answer (a problem+json 404).

type Json = Record<string, unknown>;
interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema: Json }>;
  headers?: Json;
}
interface OperationObject {
  operationId: string;
  responses: Record<string, ResponseObject>;
}

export interface ObservedResponse {
  method: string;
  /** The request path, with or without a query string. */
  url: string;
  status: number;
  headers: Headers;
  /** The raw body text. */
  text: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOC_ID = 'openapi.json';
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

export interface ResponseChecker {
  /** Problems found; empty when the response conforms. */
  check(response: ObservedResponse): string[];
  /** The operation a request goes to, or undefined when no operation serves it. */
  operationOf(method: string, url: string): { operationId: string; template: string } | undefined;
}

export const createResponseChecker = (document: Json = loadDocument()): ResponseChecker => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, DOC_ID);
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };
  const paths = document.paths as Record<string, Record<string, OperationObject>>;
  // Literal segments beat templates (`/orders/{id}` never shadows a literal path of the same length).
  const templates = Object.keys(paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);

  const resolve = (response: ResponseObject): { pointerBase: string; response: ResponseObject } | undefined => {
    if (!response.$ref) return undefined;
    const name = response.$ref.replace('#/components/responses/', '');
    return {
      pointerBase: `/components/responses/${escapePointer(name)}`,
      response: (document.components as Json & { responses: Record<string, ResponseObject> }).responses[name]!,
    };
  };

  const operationOf = (method: string, url: string) => {
    // As the client and the router see it: dot segments resolved, a trailing slash ignored.
    const path = new URL(url, 'http://x').pathname.replace(/(.)\/$/, '$1');
    for (const { template, pattern } of templates) {
      if (!pattern.test(path)) continue;
      const operation = paths[template]?.[method.toLowerCase()];
      if (operation) return { operationId: operation.operationId, template };
    }
    return undefined;
  };

  const checkBody = (pointer: string, declared: ResponseObject, observed: ObservedResponse, problems: string[]) => {
    const contentType = (observed.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const content = declared.content;
    if (!content) {
      if (observed.text.length > 0) problems.push(`declares no body, got ${observed.text.length} bytes`);
      return;
    }
    const mediaType = Object.keys(content).find((type) => type === contentType);
    if (!mediaType) {
      problems.push(`content-type ${contentType || '(none)'} is not one of ${Object.keys(content).join(', ')}`);
      return;
    }
    if (!/[/+]json$/.test(mediaType)) {
      // Pages, scripts and styles: the declared type is all a schema can say about them.
      if (observed.text.length === 0) problems.push(`empty ${mediaType} body`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(observed.text);
    } catch {
      problems.push(`body is not JSON: ${observed.text.slice(0, 120)}`);
      return;
    }
    const validate = validatorAt(`${pointer}/content/${escapePointer(mediaType)}/schema`);
    if (!validate(body)) {
      problems.push(
        ...(validate.errors ?? []).map(
          (error) =>
            `body${error.instancePath} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
        ),
      );
    }
  };

  const check = (observed: ObservedResponse): string[] => {
    // CORS preflights are answered by API Gateway itself (provider.httpApi.cors), outside the contract.
    if (observed.method.toUpperCase() === 'OPTIONS') return [];
    const problems: string[] = [];
    const correlationId = observed.headers.get('x-correlation-id');
    const fromGateway =
      (observed.status === 500 || observed.status === 503) && (observed.headers.get('content-type') ?? '').startsWith('application/json');
    if (!fromGateway && (!correlationId || !CORRELATION_ID.test(correlationId)))
      problems.push(`x-correlation-id missing or malformed: ${correlationId}`);
    const target = operationOf(observed.method, observed.url);
    // The `test` stage's probe routes (infra/functions-test.yml) are deliberately outside the contract.
    if (!target && new URL(observed.url, 'http://x').pathname.startsWith('/_probe/')) return [];
    if (!target) {
      // The catch-all: no operation serves this method and path.
      if (observed.status !== 404)
        problems.push(`${observed.method} ${observed.url} has no operation, so it must be 404; got ${observed.status}`);
      else
        checkBody(
          '/components/responses/NotFound',
          (document.components as { responses: Record<string, ResponseObject> }).responses.NotFound!,
          observed,
          problems,
        );
      return problems;
    }
    const operation = paths[target.template]![observed.method.toLowerCase()]!;
    const declared = operation.responses[String(observed.status)];
    if (!declared) {
      problems.push(
        `${operation.operationId}: status ${observed.status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`,
      );
      return problems;
    }
    const ref = resolve(declared);
    const pointer =
      ref?.pointerBase ?? `/paths/${escapePointer(target.template)}/${observed.method.toLowerCase()}/responses/${observed.status}`;
    checkBody(pointer, ref?.response ?? declared, observed, problems);
    return problems.map((problem) => `${operation.operationId} ${observed.status}: ${problem}`);
  };

  return { check, operationOf };
};

export const loadDocument = (root = process.cwd()): Json => JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')) as Json;

let shared: ResponseChecker | undefined;
/** Throws when a response does not conform to docs/openapi.json; the e2e HTTP helper calls it for every response. */
export const assertResponseMatchesSpec = (observed: ObservedResponse): void => {
  shared ??= createResponseChecker();
  const problems = shared.check(observed);
  if (problems.length > 0) {
    throw new Error(
      `${observed.method} ${observed.url} → ${observed.status} does not match docs/openapi.json:\n  ${problems.join('\n  ')}\n  body: ${observed.text.slice(0, 500)}`,
    );
  }
};
