import { pageQuery } from '#shared/application/common-schemas.ts';
import { listAnchors } from '#shared/application/ledger/list-anchors.ts';
import { anchorsDeps, ledgerRoute } from '#shared/composition/ledger.ts';

export const handler = ledgerRoute({ auth: 'orders:read:any', schemas: { query: pageQuery } }, async ({ query }) => ({
  status: 200,
  body: await listAnchors(await anchorsDeps(), query),
}));
