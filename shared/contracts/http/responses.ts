import * as z from 'zod';
import { ORDER_EVENT_TYPES, ORDER_STATUSES, PAYMENT_STATUSES, CANCELLATION_REASONS } from '#shared/domain/orders/order.ts';
import { ROLES } from '#shared/domain/identity/roles.ts';
import { RISK_DECISIONS, riskModelDocumentSchema } from '#shared/domain/risk/model-document.ts';
import { ROUTING_MODES } from '#shared/domain/risk/routing.ts';
import { ANCHOR_STATUSES, orderProofSchema, proofEventSchema } from '#shared/contracts/ledger-proof.ts';

// Response bodies of the HTTP API, as zod schemas: the OpenAPI document (scripts/openapi) is generated from them, and the
// end-to-end suite validates every response against that document. Objects are strict, so a field added to a response
// without being added here fails the suite. `.meta({ id })` names the OpenAPI component.

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ulid = z.string().regex(ULID_PATTERN).meta({ example: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6' });
const timestamp = z.iso.datetime().meta({ example: '2026-12-01T09:30:00.000Z' });

export const money = z
  .object({
    amount: z.number().int().meta({ description: 'Integer minor units (cents).' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .meta({ description: 'ISO 4217 code.' }),
  })
  .strict()
  .meta({ id: 'Money', example: { amount: 1999, currency: 'EUR' } });

const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Pass as `?cursor=` for the next page; null on the last page.' }),
    })
    .strict()
    .meta({ id });

// --- Problems (RFC 9457) ------------------------------------------------------------------------------------------

const PROBLEM_TITLES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_TITLES;
export const PROBLEM_STATUSES = Object.keys(PROBLEM_TITLES).map(Number) as ProblemStatus[];

const problemType = (title: string) => `https://orderly.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`;

const fieldIssue = z
  .object({ path: z.string().meta({ example: 'body.email' }), message: z.string() })
  .strict()
  .meta({ id: 'FieldIssue' });

/** The problem body of one status: `type`, `title` and `status` are fixed per status. */
export const problemOf = (status: ProblemStatus) => {
  const title = PROBLEM_TITLES[status];
  return z
    .object({
      type: z.literal(problemType(title)),
      title: z.literal(title),
      status: z.literal(status),
      detail: z.string(),
      correlationId: z.string().min(1).max(128),
      // Field by field: every invalid field (400), or the well-formed fields that cannot be processed (422).
      ...(status === 400 || status === 422 ? { errors: z.array(fieldIssue).min(1).optional() } : {}),
    })
    .strict()
    .meta({
      id: `Problem${status}`,
      example: {
        type: problemType(title),
        title,
        status,
        detail: status === 400 ? 'The request is invalid.' : `A ${status} problem.`,
        correlationId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
        ...(status === 400 ? { errors: [{ path: 'body.email', message: 'must be an email address' }] } : {}),
      },
    });
};

// --- Identity ----------------------------------------------------------------------------------------------------

export const address = z
  .object({
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    postalCode: z.string(),
    country: z.string().regex(/^[A-Z]{2}$/),
  })
  .strict()
  .meta({ id: 'Address' });

export const userProfile = z
  .object({
    id: ulid,
    email: z.string(),
    name: z.string(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{1,14}$/)
      .optional()
      .meta({ description: 'E.164' }),
    address: address.optional(),
    roles: z.array(z.enum(ROLES)),
    createdAt: timestamp,
  })
  .strict()
  .meta({
    id: 'UserProfile',
    example: {
      id: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      roles: ['customer'],
      createdAt: '2026-12-01T09:30:00.000Z',
    },
  });

export const userPage = pageOf(userProfile, 'UserPage');

export const tokenPair = z
  .object({
    accessToken: z.string().meta({ description: 'ES256 JWT, at most 15 minutes.' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().positive().meta({ description: 'Seconds.' }),
    refreshToken: z.string().meta({ description: 'Opaque; single use: refreshing returns a new one.' }),
  })
  .strict()
  .meta({
    id: 'TokenPair',
    example: {
      accessToken: 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2ln',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'rt1.01JDQ8Z7V6M3Q2W1E0R9T8Y7K6.01JDQ8Z7V6M3Q2W1E0R9T8Y7K7.c2VjcmV0',
    },
  });

export const jwks = z
  .object({
    keys: z.array(
      z
        .object({
          kty: z.literal('EC'),
          crv: z.literal('P-256'),
          x: z.string(),
          y: z.string(),
          kid: z.string(),
          alg: z.literal('ES256'),
          use: z.literal('sig'),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'Jwks' });

// --- Catalog -----------------------------------------------------------------------------------------------------

const productStatus = z.enum(['ACTIVE', 'ARCHIVED']);

export const product = z
  .object({
    id: ulid,
    name: z.string(),
    description: z.string(),
    price: money,
    stock: z.number().int().min(0),
    status: productStatus,
    version: z.number().int().min(1),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .strict()
  .meta({
    id: 'Product',
    example: {
      id: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
      name: 'Espresso cup',
      description: 'Porcelain, 80 ml',
      price: { amount: 1299, currency: 'EUR' },
      stock: 40,
      status: 'ACTIVE',
      version: 1,
      createdAt: '2026-12-01T09:30:00.000Z',
      updatedAt: '2026-12-01T09:30:00.000Z',
    },
  });

export const catalogEntry = z
  .object({ id: ulid, name: z.string(), description: z.string(), price: money, stock: z.number().int().min(0), status: productStatus })
  .strict()
  .meta({ id: 'CatalogEntry' });

export const catalogPage = pageOf(catalogEntry, 'CatalogPage');

// --- Orders ------------------------------------------------------------------------------------------------------

const riskDecision = z.enum(RISK_DECISIONS);

/** The risk step's decision on an order: support and admin see it, customers never do (docs/risk.md). */
export const orderRisk = z
  .object({
    decision: riskDecision,
    score: z.number().min(0).max(1).nullable().meta({ description: 'null when no model could be used (`model_unavailable`).' }),
    modelVersion: z.number().int().positive().nullable(),
    variant: z.enum(['champion', 'challenger']),
    reasons: z.array(z.string()),
    scoredAt: timestamp,
    shadow: z
      .object({ modelVersion: z.number().int().positive(), score: z.number().min(0).max(1), decision: riskDecision })
      .strict()
      .optional()
      .meta({ description: 'A challenger scored in shadow mode: recorded, never acted on.' }),
    approvedAt: timestamp.optional().meta({ description: 'When an admin cleared the review.' }),
  })
  .strict()
  .meta({ id: 'OrderRisk' });

export const order = z
  .object({
    id: ulid,
    customerId: ulid,
    status: z.enum(ORDER_STATUSES),
    lines: z.array(
      z.object({ productId: z.string(), name: z.string(), quantity: z.number().int().min(1), unitPrice: money, lineTotal: money }).strict(),
    ),
    total: money,
    payment: z.object({ status: z.enum(PAYMENT_STATUSES) }).strict(),
    cancellationReason: z.enum(CANCELLATION_REASONS).optional(),
    risk: orderRisk.optional().meta({ description: 'Support and admin only; absent until the order has been scored.' }),
    version: z.number().int().min(1),
    placedAt: timestamp,
    updatedAt: timestamp,
  })
  .strict()
  .meta({
    id: 'Order',
    example: {
      id: '01JDQ9A1B2C3D4E5F6G7H8J9K0',
      customerId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
      status: 'PENDING_PAYMENT',
      lines: [
        {
          productId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
          name: 'Espresso cup',
          quantity: 2,
          unitPrice: { amount: 1299, currency: 'EUR' },
          lineTotal: { amount: 2598, currency: 'EUR' },
        },
      ],
      total: { amount: 2598, currency: 'EUR' },
      payment: { status: 'PENDING' },
      version: 1,
      placedAt: '2026-12-01T09:30:00.000Z',
      updatedAt: '2026-12-01T09:30:00.000Z',
    },
  });

export const orderPage = pageOf(order, 'OrderPage');

export const orderEvents = z
  .object({
    items: z.array(
      z
        .object({
          type: z.enum(ORDER_EVENT_TYPES as [string, ...string[]]),
          version: z.number().int().min(1),
          occurredAt: timestamp,
          data: z.record(z.string(), z.unknown()),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'OrderEvents' });

// --- Notifications -----------------------------------------------------------------------------------------------

export const ticket = z
  .object({
    ticket: z.string().min(1),
    url: z
      .string()
      .regex(/^wss?:\/\//)
      .meta({ description: 'The WebSocket URL with `?ticket=` already on it.' }),
    expiresAt: timestamp,
  })
  .strict()
  .meta({
    id: 'WebSocketTicket',
    example: {
      ticket: 'k3J9cXh1Y2Zrb2xkZXJseS10aWNrZXQ',
      url: 'ws://127.0.0.1:3001/?ticket=k3J9cXh1Y2Zrb2xkZXJseS10aWNrZXQ',
      expiresAt: '2026-12-01T09:31:00.000Z',
    },
  });

// --- Risk --------------------------------------------------------------------------------------------------------

/** A model document as published (docs/risk.md): validated field by field on publish, stored as is. */
// The domain's schemas are zod/mini (bundled); these contracts are classic zod and name them for the document.
export const riskModelDocument = riskModelDocumentSchema.clone().register(z.globalRegistry, { id: 'RiskModelDocument' });

export const riskModelSummary = z
  .object({
    version: z.number().int().positive(),
    name: z.string(),
    format: z.string(),
    checksum: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: 'sha256 of the canonical JSON of the document.' }),
    createdAt: timestamp,
    metrics: z.nullable(riskModelDocumentSchema.shape.metrics.def.innerType),
  })
  .strict()
  .meta({ id: 'RiskModelSummary' });

export const riskModelList = z
  .object({ items: z.array(riskModelSummary) })
  .strict()
  .meta({ id: 'RiskModelList' });

export const riskRouting = z
  .object({
    champion: z.number().int().positive(),
    challenger: z.number().int().positive().optional(),
    challengerShare: z.number().min(0).max(0.5),
    mode: z.enum(ROUTING_MODES),
  })
  .strict()
  .meta({ id: 'RiskRouting', example: { champion: 1, challenger: 2, challengerShare: 0.1, mode: 'shadow' } });

export const riskScores = z
  .object({
    items: z.array(
      z
        .object({
          orderId: ulid,
          score: z.number().min(0).max(1).nullable(),
          decision: riskDecision,
          modelVersion: z.number().int().positive().nullable(),
          reasons: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'RiskScores' });

const decisionCounts = z.object({ approve: z.number(), review: z.number(), reject: z.number() }).strict();

export const riskReport = z
  .object({
    since: timestamp,
    items: z.array(
      z
        .object({
          version: z.number().int().positive(),
          name: z.string(),
          scored: z.number().int().min(0),
          shadowScored: z.number().int().min(0),
          decisions: decisionCounts,
          decisionRates: decisionCounts,
          scoreQuantiles: z.object({ p10: z.number(), p50: z.number(), p90: z.number(), p99: z.number() }).strict().nullable(),
          latencyUs: z.object({ p50: z.number(), p99: z.number() }).strict().nullable(),
          labelled: z.number().int().min(0),
          precision: z.number().min(0).max(1).nullable(),
          recall: z.number().min(0).max(1).nullable(),
          truncated: z.boolean().meta({ description: 'true when the version had more records than the report reads.' }),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'RiskReport' });

// --- Ledger ------------------------------------------------------------------------------------------------------

/** `GET /orders/{id}/proof`: the shape of shared/contracts/ledger-proof.ts, strict. */
export const orderProof = z
  .strictObject({ ...orderProofSchema.shape, events: z.array(z.strictObject(proofEventSchema.shape).meta({ id: 'ProofEvent' })).min(1) })
  .meta({ id: 'OrderProof', description: 'Verify it with `npm run ledger -- verify <file>`; encodings in docs/ledger.md.' });

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);

export const anchorPage = pageOf(
  z
    .object({
      batchId: z.number().int().positive(),
      root: hex32,
      fromSeq: z.number().int().positive(),
      toSeq: z.number().int().positive(),
      leaves: z.number().int().positive(),
      txHash: hex32.nullable(),
      blockNumber: z.number().int().min(0).nullable(),
      status: z.enum(ANCHOR_STATUSES),
      anchoredAt: timestamp,
      confirmedAt: timestamp.nullable(),
    })
    .strict()
    .meta({ id: 'Anchor' }),
  'AnchorPage',
);

// --- Operations --------------------------------------------------------------------------------------------------

export const health = z
  .object({ status: z.literal('ok'), version: z.string(), time: timestamp })
  .strict()
  .meta({ id: 'Health', example: { status: 'ok', version: '0.1.0', time: '2026-12-01T09:30:00.000Z' } });

const check = z.object({ status: z.enum(['ok', 'fail']), latencyMs: z.number().min(0), error: z.string().optional() }).strict();

export const deepHealth = z
  .object({ status: z.enum(['ok', 'fail']), checks: z.object({ dynamodb: check, sqs: check, paymentProvider: check }).strict() })
  .strict()
  .meta({ id: 'DeepHealth' });

/** What API Gateway itself answers when a function crashes or times out (500) or cannot be reached (503). */
export const apiGatewayError = z
  .object({ message: z.enum(['Internal Server Error', 'Service Unavailable']) })
  .strict()
  .meta({ id: 'ApiGatewayError', description: 'Sent by API Gateway, not by Orderly: the function failed before it could answer.' });
