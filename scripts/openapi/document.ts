import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { apiGatewayError, PROBLEM_STATUSES, problemOf, type ProblemStatus } from '#shared/contracts/http/responses.ts';
import { OPERATIONS, whoMayCall, type Operation } from './operations.ts';

export const DOCUMENT_PATH = 'docs/openapi.json';

const PROBLEM_NAMES: Record<ProblemStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'ContentTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

const DEFAULT_PROBLEM_TEXT: Record<ProblemStatus, string> = {
  400: 'Malformed or invalid input; `errors` lists every invalid field (`body.email`, `query.limit`, `path.id`, `headers.idempotency-key`). Bodies are strict: unknown fields are invalid.',
  401: 'Missing, malformed, expired or otherwise invalid access token.',
  403: 'Signed in, but not permitted.',
  404: 'Not found (also for another customer’s resources, so existence does not leak).',
  409: 'Conflict with the current state.',
  413: 'The body is over 64 KiB.',
  415: 'A body that is not declared as `content-type: application/json`.',
  422: 'Well-formed but unprocessable.',
  429: 'Rate limited; retry after `Retry-After` seconds.',
  500: 'Unexpected error. The body carries only the correlation id: quote it when reporting.',
  503: 'Busy or a dependency is unavailable (also answered just before the function would time out); retry after `Retry-After` seconds when present.',
};

const WEBSOCKET_CONTRACT = `
## Real-time notifications (WebSocket)

OpenAPI describes HTTP only; the WebSocket contract (docs/API.md, "Real-time notifications") is this:

1. \`POST /notifications/tickets\` (signed in) returns 201 \`{ ticket, url, expiresAt }\` with \`cache-control: no-store\`: a
   single-use ticket valid for 60 s; \`url\` is the WebSocket URL with \`?ticket=\` already on it. Access tokens never go
   into a URL.
2. Connect to \`url\`. The upgrade is refused with 401 for a missing, forged, expired or already used ticket, and with 429
   when the user already holds 5 open connections or the stage is at its connection ceiling. Offline the WebSocket API
   listens on \`ws://127.0.0.1:3001\` (\`WEBSOCKET_PORT\`).
3. Server → client, JSON text frames. For every event of the caller's own orders:
   \`{ "type": "order.updated", "eventId", "orderId", "event": "<event type>", "status", "paymentStatus", "version", "occurredAt" }\`,
   where \`status\` and \`paymentStatus\` are the order's as of that \`version\`; in version order per order, at least once
   (drop \`eventId\`s already seen). On a gap (a frame more than one version above the one shown) read \`GET /orders/{id}\`.
   A customer never receives another customer's order updates.
4. Client → server: \`{ "action": "subscribe", "channel": "orders:all" }\` (support and admin: every order's updates),
   acknowledged with \`{ "type": "subscribed", "channel" }\`; \`{ "action": "unsubscribe", "channel": "orders:all" }\` →
   \`{ "type": "unsubscribed", "channel" }\`; \`{ "action": "ping" }\` → \`{ "type": "pong" }\`.
5. Errors are frames, and the connection stays open: \`{ "type": "error", "code", "message", "correlationId" }\` with \`code\`
   \`forbidden\` (a customer subscribing to \`orders:all\`), \`bad_request\` (malformed JSON, an unknown action or channel),
   \`not_found\` (the connection is no longer registered) or \`internal\`.
`;

const DESCRIPTION = `
Orderly's HTTP API: identity, catalog, orders, order risk, the order ledger, notifications and operations. Generated from the zod schemas the handlers validate with
(\`npm run openapi\`); every end-to-end test checks its responses against this document.

## Conventions
- JSON in and out. A body not declared as \`content-type: application/json\` gets 415; over 64 KiB, 413; unparsable, 400.
- Every response carries \`x-correlation-id\`: yours if you sent a well-formed one (1–128 of \`[A-Za-z0-9._-]\`), else a new one.
- Errors are RFC 9457 \`application/problem+json\`: \`{ type, title, status, detail, correlationId, errors? }\`. A 5xx never
  contains a stack trace, SDK message or internal name.
- Lists: \`?limit=\` 1–100 (default 20) and an opaque \`?cursor=\` from the previous page's \`nextCursor\`.
- Money: \`{ amount: <integer minor units>, currency: <ISO 4217> }\`. Timestamps: ISO 8601 UTC. Ids: ULIDs.
- Auth: \`Authorization: Bearer <accessToken>\` from \`POST /auth/login\`. Roles: \`customer\`, \`support\` (reads any order or
  user), \`admin\` (everything). Each operation says who may call it.
- A method or path no operation serves answers a problem+json 404 (not 405: API Gateway sends it to the catch-all route),
  whatever its body: a route that does not exist has no body rules, so never 413, 415 or 400.
- Any operation may answer 503 with \`Retry-After\` just before its function would time out (a busy CPU, a slow dependency).
  Retry after it; a command may already have taken effect, so retry \`POST /orders\` with the same \`Idempotency-Key\`.
${WEBSOCKET_CONTRACT}`;

const correlationHeader = {
  description:
    'The request’s correlation id: the caller’s if well formed, otherwise a new one. It appears in every log line caused by the request.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
  required: true,
} as const;

const retryAfterHeader = { description: 'Seconds to wait before retrying.', schema: { type: 'string', pattern: '^[0-9]+$' } } as const;

/** The problems an operation can answer: derived from what it accepts and who may call it, plus its own. */
export const problemsOf = (operation: Operation): Map<ProblemStatus, string> => {
  const problems = new Map<ProblemStatus, string>();
  const add = (status: ProblemStatus, text?: string) => problems.set(status, text ?? problems.get(status) ?? DEFAULT_PROBLEM_TEXT[status]);
  const request = operation.request ?? {};
  if (request.body || request.query || request.path || request.headers) add(400);
  if (operation.auth !== 'public') add(401);
  if (operation.auth !== 'public' && operation.auth !== 'signedIn') add(403);
  if (request.path) add(404);
  if (request.body) {
    add(413);
    add(415);
  }
  if (operation.rateLimited) add(429);
  for (const [status, text] of Object.entries(operation.problems ?? {})) add(Number(status) as ProblemStatus, text);
  add(500);
  // Every route answers 503 with Retry-After shortly before its function would time out (busy CPU, slow dependency).
  if (operation.otherResponses?.[503] === undefined) add(503);
  return new Map([...problems].sort(([a], [b]) => a - b));
};

type JsonSchema = Record<string, unknown>;

/**
 * Schemas become JSON Schema 2020-12 (what OpenAPI 3.1 uses) through zod's own converter, which reads zod/mini (the
 * handlers' request schemas) and classic zod (the response contracts) alike. A schema named with `.meta({ id })` (or
 * registered in zod's global registry) becomes a component and every use of it a `$ref`.
 */
const schemaConverter = () => {
  const components: Record<string, JsonSchema> = {};
  const toComponentRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(toComponentRefs);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace(/^#\/\$defs\//, '#/components/schemas/') : toComponentRefs(inner),
      ]),
    );
  };
  const convert = (schema: z.core.$ZodType): JsonSchema => {
    const {
      $schema: _dialect,
      $defs,
      ...json
    } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const component = toComponentRefs(definition) as JsonSchema;
      if (components[id] && JSON.stringify(components[id]) !== JSON.stringify(component))
        throw new Error(`Two different schemas are both named ${id}`);
      components[id] = component;
    }
    return toComponentRefs(json) as JsonSchema;
  };
  return {
    components,
    /**
     * A request or response schema. Both are read as input: a request's defaults make its field optional, the
     * response contracts carry no defaults or transforms, and an input object that strips unknown keys stays open
     * (`additionalProperties` unset), as a client must read an answer that gains a field; only `.strict()` ones close.
     */
    json: convert,
    /** A named component of its own, e.g. `Problem400`. */
    component: (id: string, schema: z.core.$ZodType) => {
      const json = convert(schema);
      // A schema that carries this id itself arrived through `$defs` (and converts to a reference to itself).
      if (json.$ref !== `#/components/schemas/${id}`) components[id] = json;
    },
  };
};
type SchemaConverter = ReturnType<typeof schemaConverter>;

/** Header parameters come from the handlers' zod header schemas; their prose lives here. */
const HEADER_DOCS: Record<string, { description: string; example: string }> = {
  'idempotency-key': {
    description:
      'Idempotency-Key: 8–128 printable ASCII characters without spaces, a fresh one (e.g. a UUID) per logical request. The same key and body replay the first response for 24 hours.',
    example: '5b0e9a3c-7f1d-4c2e-9a8b-1d2e3f4a5b6c',
  },
};

/** One parameter per field of a path, query or header schema, in the shape's order. */
const parametersOf = (schemas: SchemaConverter, location: 'path' | 'query' | 'header', schema: z.core.$ZodObject | undefined) => {
  if (!schema) return [];
  const json = schemas.json(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(HEADER_DOCS[name] && location === 'header' ? HEADER_DOCS[name] : {}),
    schema: property,
  }));
};

const operationObject = (schemas: SchemaConverter, operation: Operation) => {
  const { request = {}, success } = operation;
  const responses: Record<string, object> = {
    [success.status]: {
      description: success.description,
      headers: {
        'x-correlation-id': { $ref: '#/components/headers/CorrelationId' },
        ...Object.fromEntries(
          Object.entries(success.headers ?? {}).map(([name, example]) => [name, { schema: { type: 'string' }, example }]),
        ),
      },
      ...(success.schema
        ? {
            content: Object.fromEntries(
              (success.contentTypes ?? ['application/json']).map((type) => [type, { schema: schemas.json(success.schema!) }]),
            ),
          }
        : {}),
    },
  };
  for (const [status, other] of Object.entries(operation.otherResponses ?? {})) {
    responses[status] = {
      description: other.description,
      headers: { 'x-correlation-id': { $ref: '#/components/headers/CorrelationId' } },
      content: { 'application/json': { schema: schemas.json(other.schema) } },
    };
  }
  for (const [status, text] of problemsOf(operation)) {
    if (responses[status]) continue;
    responses[status] =
      text === DEFAULT_PROBLEM_TEXT[status] ? { $ref: `#/components/responses/${PROBLEM_NAMES[status]}` } : problemResponse(status, text);
  }
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: `${operation.description ? `${operation.description}\n\n` : ''}**Who:** ${whoMayCall(operation.auth)}.`,
    security: operation.auth === 'public' ? [] : [{ bearerAuth: [] }],
    'x-orderly-auth': operation.auth,
    'x-orderly-function': operation.function,
    parameters: [
      { $ref: '#/components/parameters/CorrelationId' },
      ...parametersOf(schemas, 'path', request.path),
      ...parametersOf(schemas, 'query', request.query),
      ...parametersOf(schemas, 'header', request.headers),
    ],
    ...(request.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemas.json(request.body),
                ...(operation.bodyExample === undefined ? {} : { example: operation.bodyExample }),
              },
            },
          },
        }
      : {}),
    responses,
  };
};

const problemResponse = (status: ProblemStatus, description: string) => ({
  description,
  headers: {
    // API Gateway's own 500/503 carry no correlation id.
    'x-correlation-id':
      status === 500 || status === 503 ? { ...correlationHeader, required: false } : { $ref: '#/components/headers/CorrelationId' },
    ...(status === 429 || status === 503 || status === 409 ? { 'retry-after': { $ref: '#/components/headers/RetryAfter' } } : {}),
  },
  content: {
    'application/problem+json': { schema: { $ref: `#/components/schemas/Problem${status}` } },
    // API Gateway's own answer when the function crashed, timed out or could not be reached.
    ...(status === 500 || status === 503 ? { 'application/json': { schema: { $ref: '#/components/schemas/ApiGatewayError' } } } : {}),
  },
});

const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The whole OpenAPI 3.1 document, deterministic for a given source tree. */
export const buildDocument = (operations: Operation[] = OPERATIONS) => {
  const schemas = schemaConverter();
  schemas.component('ApiGatewayError', apiGatewayError);
  for (const status of PROBLEM_STATUSES) schemas.component(`Problem${status}`, problemOf(status));
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method] = operationObject(schemas, operation);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Orderly API',
      version: packageVersion(),
      description: DESCRIPTION.trim(),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'npm start (serverless offline)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed stage (HTTP API)',
        variables: { apiId: { default: 'example' }, region: { default: 'eu-west-1' } },
      },
    ],
    tags: [
      { name: 'Identity', description: 'Accounts, sessions, keys, roles.' },
      { name: 'Catalog', description: 'Products; public reads are cached.' },
      { name: 'Orders', description: 'Event-sourced orders and their payment saga.' },
      { name: 'Risk', description: 'Fraud risk scoring of new orders: reviews, model versions, routing, reports (docs/risk.md).' },
      {
        name: 'Ledger',
        description: 'Tamper-evident order history: hash chain and Merkle roots anchored on an EVM chain (docs/ledger.md).',
      },
      { name: 'Notifications', description: 'Order updates over a WebSocket, and the live order page.' },
      { name: 'Operations', description: 'Health checks and this document.' },
    ],
    components: {
      schemas: schemas.components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An ES256 access token from `POST /auth/login` (15 minutes). Only the Authorization header is read, never the query string.',
        },
      },
      headers: { CorrelationId: correlationHeader, RetryAfter: retryAfterHeader },
      parameters: {
        CorrelationId: {
          name: 'x-correlation-id',
          in: 'header',
          required: false,
          description:
            'Optional; echoed in the response and in every log line and message the request causes. Malformed values are replaced by a new id.',
          schema: { type: 'string', maxLength: 128 },
          example: 'checkout-7f3a9c',
        },
      },
      responses: Object.fromEntries(
        PROBLEM_STATUSES.map((status) => [PROBLEM_NAMES[status], problemResponse(status, DEFAULT_PROBLEM_TEXT[status])]),
      ),
    },
    paths,
  };
};

/** The document as committed: two-space JSON with a trailing newline. */
export const renderDocument = (): string => `${JSON.stringify(buildDocument(), null, 2)}\n`;
