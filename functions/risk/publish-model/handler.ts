import { publishModel } from '#shared/application/risk/publish-model.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

/** The body is the model document; publishModel validates it field by field (400 with errors[]), nothing stored. */
export const handler = riskRoute({ auth: 'risk:manage' }, async ({ event }) => ({
  status: 201,
  body: await publishModel(await riskAdminDeps(), event.body),
}));
