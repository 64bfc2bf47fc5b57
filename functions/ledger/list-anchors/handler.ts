import { pageQuery } from '#shared/application/common-schemas.ts';
import { listAnchors } from '#shared/application/ledger/list-anchors.ts';
import { accessTokenVerifier } from '#shared/composition/auth.ts';
import { anchorsDeps, ledgerConfig as config } from '#shared/composition/ledger.ts';
import { httpRoute } from '#shared/middleware/http/route.ts';

export const handler = httpRoute(
  { auth: 'orders:read:any', verifier: accessTokenVerifier, corsOrigins: config.CORS_ALLOWED_ORIGINS, schemas: { query: pageQuery } },
  async ({ query }) => ({ status: 200, body: await listAnchors(await anchorsDeps(), query) }),
);
