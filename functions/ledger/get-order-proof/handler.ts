import { getOrderProof } from '#shared/application/ledger/get-order-proof.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { ledgerConfig as config, proofDeps } from '#shared/composition/ledger.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'signedIn', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { path: orderIdPath } },
  async ({ principal, path }) => ({ status: 200, body: await getOrderProof(await proofDeps(), principal, path.id) }),
);
