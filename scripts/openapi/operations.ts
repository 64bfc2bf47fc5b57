import { createProductBody, productIdPath, catalogQuery, updateProductBody } from '#shared/application/catalog/schemas.ts';
import {
  loginBody,
  pageQuery,
  refreshBody,
  registerBody,
  setRolesBody,
  updateMeBody,
  userIdPath,
} from '#shared/application/identity/schemas.ts';
import { idempotencyHeaders, orderIdPath, orderListQuery, placeOrderBody } from '#shared/application/orders/schemas.ts';
import * as z from 'zod';
import { DOCS_ASSETS, docsAssetPath } from '#shared/application/ops/docs-page.ts';
import * as responses from '#shared/contracts/http/responses.ts';
import type { ProblemStatus } from '#shared/contracts/http/responses.ts';
import type { Permission } from '#shared/domain/identity/roles.ts';

/** Who may call: anyone, any signed-in user, or holders of one permission (as the handler's `httpRoute` says). */
export type Auth = 'public' | 'signedIn' | Permission;

export interface Operation {
  operationId: string;
  /** The serverless.yml function that serves it. */
  function: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, the same as the httpApi route. */
  path: string;
  tag: 'Identity' | 'Catalog' | 'Orders' | 'Operations';
  summary: string;
  description?: string;
  auth: Auth;
  request?: { body?: z.ZodType; query?: z.ZodObject | z.ZodPipe; path?: z.ZodObject; headers?: z.ZodObject };
  bodyExample?: unknown;
  success: { status: number; description: string; schema?: z.ZodType; headers?: Record<string, string>; contentTypes?: string[] };
  /** Problems beyond those every operation of its kind can answer (see `problemsOf`). */
  problems?: Partial<Record<ProblemStatus, string>>;
  /** Rate limited: answers 429 with Retry-After. */
  rateLimited?: boolean;
  /** JSON (not problem) answers besides the success, e.g. the failed deep health report. */
  otherResponses?: Record<number, { description: string; schema: z.ZodType }>;
}

const ROLES_OF: Record<string, string> = {
  'users:read:any': 'support, admin',
  'users:update-roles:any': 'admin',
  'orders:create': 'customer, admin',
  'orders:read:any': 'support, admin',
  'orders:fulfil:any': 'admin',
  'products:manage': 'admin',
  'ops:health-deep': 'admin',
};
export const whoMayCall = (auth: Auth): string =>
  auth === 'public' ? 'anyone' : auth === 'signedIn' ? 'any signed-in user' : (ROLES_OF[auth] ?? 'any signed-in user');

const id = { path: productIdPath };
const orderId = { path: orderIdPath };

export const OPERATIONS: Operation[] = [
  // --- Identity
  {
    operationId: 'registerUser',
    function: 'registerUser',
    method: 'post',
    path: '/auth/register',
    tag: 'Identity',
    auth: 'public',
    rateLimited: true,
    summary: 'Create a customer account',
    description:
      'Email is normalised and unique (case-insensitive). Password policy: at least 12 characters, or at least 8 with three of lower/upper/digit/symbol; at most 128; not a common password. Phone in E.164.',
    request: { body: registerBody },
    bodyExample: { email: 'ada@example.com', password: 'Correct-Horse-Battery-9', name: 'Ada Lovelace', phone: '+447700900123' },
    success: { status: 201, description: 'The new account.', schema: responses.userProfile },
    problems: { 409: 'An account with this email exists.' },
  },
  {
    operationId: 'logIn',
    function: 'logIn',
    method: 'post',
    path: '/auth/login',
    tag: 'Identity',
    auth: 'public',
    rateLimited: true,
    summary: 'Sign in',
    description:
      'Returns an access token (15 minutes) and a refresh token. An unknown email and a wrong password get the same 401. Attempts are limited per email and per source IP.',
    request: { body: loginBody },
    bodyExample: { email: 'customer@orderly.local', password: 'Customer-Passw0rd-Local!' },
    success: { status: 200, description: 'Tokens.', schema: responses.tokenPair, headers: { 'cache-control': 'no-store' } },
    problems: { 401: 'Unknown email or wrong password.' },
  },
  {
    operationId: 'refreshSession',
    function: 'refreshSession',
    method: 'post',
    path: '/auth/refresh',
    tag: 'Identity',
    auth: 'public',
    summary: 'Rotate a refresh token',
    description: 'Returns new tokens; the old refresh token stops working. Presenting a rotated one again revokes its whole family.',
    request: { body: refreshBody },
    bodyExample: { refreshToken: '01JDQ8Z7V6M3Q2W1E0R9T8Y7U6.01JDQ8Z7V6M3Q2W1E0R9T8Y7U7.k3J9cXh1Y2Zrb2xkZXJseS1yZWZyZXNoLXNlY3JldC0x' },
    success: { status: 200, description: 'New tokens.', schema: responses.tokenPair, headers: { 'cache-control': 'no-store' } },
    problems: { 401: 'The refresh token is invalid, expired or revoked.' },
  },
  {
    operationId: 'logOut',
    function: 'logOut',
    method: 'post',
    path: '/auth/logout',
    tag: 'Identity',
    auth: 'public',
    summary: 'Revoke a refresh token',
    request: { body: refreshBody },
    bodyExample: { refreshToken: '01JDQ8Z7V6M3Q2W1E0R9T8Y7U6.01JDQ8Z7V6M3Q2W1E0R9T8Y7U7.k3J9cXh1Y2Zrb2xkZXJseS1yZWZyZXNoLXNlY3JldC0x' },
    success: { status: 204, description: 'Revoked (also when it was already revoked or unknown).' },
  },
  {
    operationId: 'getJwks',
    function: 'getJwks',
    method: 'get',
    path: '/.well-known/jwks.json',
    tag: 'Identity',
    auth: 'public',
    summary: 'Public signing keys',
    description: 'Every live public key, so keys rotate without downtime.',
    success: { status: 200, description: 'JSON Web Key Set.', schema: responses.jwks },
  },
  {
    operationId: 'getProfile',
    function: 'getProfile',
    method: 'get',
    path: '/users/me',
    tag: 'Identity',
    auth: 'users:read:self',
    summary: 'My profile',
    success: { status: 200, description: 'The caller’s profile.', schema: responses.userProfile },
  },
  {
    operationId: 'updateProfile',
    function: 'updateProfile',
    method: 'patch',
    path: '/users/me',
    tag: 'Identity',
    auth: 'users:update:self',
    summary: 'Change my name, phone or address',
    description: '`null` removes the phone or the address.',
    request: { body: updateMeBody },
    bodyExample: { name: 'Ada King', address: { line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' } },
    success: { status: 200, description: 'The updated profile.', schema: responses.userProfile },
    problems: { 409: 'The account changed meanwhile; retry.' },
  },
  {
    operationId: 'listUsers',
    function: 'listUsers',
    method: 'get',
    path: '/admin/users',
    tag: 'Identity',
    auth: 'users:read:any',
    summary: 'List accounts',
    request: { query: pageQuery },
    success: { status: 200, description: 'One page of profiles.', schema: responses.userPage },
  },
  {
    operationId: 'setRoles',
    function: 'setRoles',
    method: 'put',
    path: '/admin/users/{id}/roles',
    tag: 'Identity',
    auth: 'users:update-roles:any',
    summary: 'Set an account’s roles',
    request: { body: setRolesBody, path: userIdPath },
    bodyExample: { roles: ['customer', 'support'] },
    success: { status: 200, description: 'The updated profile.', schema: responses.userProfile },
    problems: { 409: 'The account changed meanwhile; retry.' },
  },
  // --- Catalog
  {
    operationId: 'listProducts',
    function: 'listProducts',
    method: 'get',
    path: '/products',
    tag: 'Catalog',
    auth: 'public',
    summary: 'Browse active products',
    description: 'Cached: a change shows within the L1 TTL (10 s) plus a few seconds, at most 70 s.',
    request: { query: catalogQuery },
    success: { status: 200, description: 'One page of active products.', schema: responses.catalogPage },
  },
  {
    operationId: 'getProduct',
    function: 'getProduct',
    method: 'get',
    path: '/products/{id}',
    tag: 'Catalog',
    auth: 'public',
    summary: 'One product',
    description: 'Archived products stay readable by id.',
    request: id,
    success: { status: 200, description: 'The product.', schema: responses.product },
  },
  {
    operationId: 'createProduct',
    function: 'createProduct',
    method: 'post',
    path: '/admin/products',
    tag: 'Catalog',
    auth: 'products:manage',
    summary: 'Add a product',
    request: { body: createProductBody },
    bodyExample: { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: { amount: 1299, currency: 'EUR' }, stock: 40 },
    success: { status: 201, description: 'The new product.', schema: responses.product },
  },
  {
    operationId: 'updateProduct',
    function: 'updateProduct',
    method: 'patch',
    path: '/admin/products/{id}',
    tag: 'Catalog',
    auth: 'products:manage',
    summary: 'Edit a product',
    description: '`stockDelta` is relative; stock never goes below 0.',
    request: { body: updateProductBody, path: productIdPath },
    bodyExample: { price: { amount: 1499, currency: 'EUR' }, stockDelta: 10 },
    success: { status: 200, description: 'The updated product.', schema: responses.product },
    problems: { 409: 'Stock would go below 0, the product is archived, or it changed meanwhile.' },
  },
  {
    operationId: 'archiveProduct',
    function: 'archiveProduct',
    method: 'delete',
    path: '/admin/products/{id}',
    tag: 'Catalog',
    auth: 'products:manage',
    summary: 'Archive a product',
    description: 'Hidden from the list, still readable by id; existing orders keep working.',
    request: id,
    success: { status: 204, description: 'Archived.' },
  },
  // --- Orders
  {
    operationId: 'placeOrder',
    function: 'placeOrder',
    method: 'post',
    path: '/orders',
    tag: 'Orders',
    auth: 'orders:create',
    summary: 'Place an order',
    description:
      'Idempotent by `Idempotency-Key`: the same key and body return the same order; the same key with another body is 422; a duplicate still in flight is 409 with Retry-After. Stock is reserved in the same transaction; insufficient stock is 409 and reserves nothing.',
    request: { body: placeOrderBody, headers: idempotencyHeaders },
    bodyExample: { lines: [{ productId: '01JDQ8Z7V6M3Q2W1E0R9T8Y7U6', quantity: 2 }] },
    success: { status: 201, description: 'The order.', schema: responses.order, headers: { location: '/orders/{id}' } },
    problems: {
      409: 'Insufficient stock, or the same Idempotency-Key is still in flight.',
      422: 'Unknown or archived product, mixed currencies, or an Idempotency-Key reused with another body.',
      503: 'A dependency is unavailable; retry with the same Idempotency-Key.',
    },
  },
  {
    operationId: 'getOrder',
    function: 'getOrder',
    method: 'get',
    path: '/orders/{id}',
    tag: 'Orders',
    auth: 'signedIn',
    summary: 'One order',
    description: 'The owner, support and admin; 404 for anyone else.',
    request: orderId,
    success: { status: 200, description: 'The order.', schema: responses.order },
  },
  {
    operationId: 'listMyOrders',
    function: 'listMyOrders',
    method: 'get',
    path: '/orders',
    tag: 'Orders',
    auth: 'signedIn',
    summary: 'My orders, newest first',
    request: { query: orderListQuery },
    success: { status: 200, description: 'One page of the caller’s orders.', schema: responses.orderPage },
  },
  {
    operationId: 'listOrderEvents',
    function: 'listOrderEvents',
    method: 'get',
    path: '/orders/{id}/events',
    tag: 'Orders',
    auth: 'signedIn',
    summary: 'An order’s events, oldest first',
    description: 'The owner, support and admin; 404 for anyone else.',
    request: orderId,
    success: { status: 200, description: 'The audit trail.', schema: responses.orderEvents },
  },
  {
    operationId: 'cancelOrder',
    function: 'cancelOrder',
    method: 'post',
    path: '/orders/{id}/cancel',
    tag: 'Orders',
    auth: 'signedIn',
    summary: 'Cancel an order',
    description: 'Owner or admin, in PENDING_PAYMENT or PAID (a paid order is refunded). Support may read but not cancel (403).',
    request: orderId,
    success: { status: 200, description: 'The cancelled order.', schema: responses.order },
    problems: {
      403: 'Support may read any order but not cancel it.',
      409: 'Illegal transition (shipped, delivered or already cancelled), or a concurrent change; retry.',
    },
  },
  {
    operationId: 'shipOrder',
    function: 'shipOrder',
    method: 'post',
    path: '/admin/orders/{id}/ship',
    tag: 'Orders',
    auth: 'orders:fulfil:any',
    summary: 'Mark an order shipped',
    request: orderId,
    success: { status: 200, description: 'The shipped order.', schema: responses.order },
    problems: { 409: 'Illegal transition, or a concurrent change; retry.' },
  },
  {
    operationId: 'deliverOrder',
    function: 'deliverOrder',
    method: 'post',
    path: '/admin/orders/{id}/deliver',
    tag: 'Orders',
    auth: 'orders:fulfil:any',
    summary: 'Mark an order delivered',
    request: orderId,
    success: { status: 200, description: 'The delivered order.', schema: responses.order },
    problems: { 409: 'Illegal transition, or a concurrent change; retry.' },
  },
  {
    operationId: 'listAllOrders',
    function: 'listAllOrders',
    method: 'get',
    path: '/admin/orders',
    tag: 'Orders',
    auth: 'orders:read:any',
    summary: 'Every order, newest first',
    description: 'Without `status`, every status merged.',
    request: { query: orderListQuery },
    success: { status: 200, description: 'One page of orders.', schema: responses.orderPage },
  },
  // --- Operations
  {
    operationId: 'health',
    function: 'health',
    method: 'get',
    path: '/health',
    tag: 'Operations',
    auth: 'public',
    summary: 'Liveness',
    success: { status: 200, description: 'Up.', schema: responses.health, headers: { 'cache-control': 'no-store' } },
  },
  {
    operationId: 'healthDeep',
    function: 'healthDeep',
    method: 'get',
    path: '/health/deep',
    tag: 'Operations',
    auth: 'ops:health-deep',
    summary: 'Dependency checks',
    description: 'DynamoDB, SQS and the payment provider, concurrently, each with a timeout.',
    success: { status: 200, description: 'Every check passed.', schema: responses.deepHealth, headers: { 'cache-control': 'no-store' } },
    otherResponses: { 503: { description: 'At least one check failed; same shape.', schema: responses.deepHealth } },
  },
  {
    operationId: 'getOpenApi',
    function: 'getOpenApi',
    method: 'get',
    path: '/openapi.json',
    tag: 'Operations',
    auth: 'public',
    summary: 'This document',
    description: 'OpenAPI 3.1, generated from the zod schemas the handlers validate with.',
    success: {
      status: 200,
      description: 'The OpenAPI document.',
      schema: z.object({ openapi: z.string() }).loose(),
      headers: { 'cache-control': 'public, max-age=300' },
    },
  },
  {
    operationId: 'getDocs',
    function: 'getDocs',
    method: 'get',
    path: '/docs',
    tag: 'Operations',
    auth: 'public',
    summary: 'API reference page',
    description: 'Renders this document with Swagger UI, served from this API (no CDN).',
    success: { status: 200, description: 'An HTML page.', schema: z.string(), contentTypes: ['text/html'] },
  },
  {
    operationId: 'getDocsAsset',
    function: 'getDocs',
    method: 'get',
    path: '/docs/{asset}',
    tag: 'Operations',
    auth: 'public',
    summary: 'A file of the API reference page',
    description: `The vendored renderer: ${Object.keys(DOCS_ASSETS).join(', ')}. Gzip-encoded when the request accepts it.`,
    request: { path: docsAssetPath },
    success: { status: 200, description: 'The file.', schema: z.string(), contentTypes: ['text/css', 'text/javascript'] },
  },
];
