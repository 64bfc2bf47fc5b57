import { getOrderProof } from '#shared/application/ledger/get-order-proof.ts';
import { orderIdPath } from '#shared/application/orders/schemas.ts';
import { ledgerRoute, proofDeps } from '#shared/composition/ledger.ts';

export const handler = ledgerRoute({ auth: 'signedIn', schemas: { path: orderIdPath } }, async ({ principal, path }) => ({
  status: 200,
  body: await getOrderProof(await proofDeps(), principal, path.id),
}));
