import { publishModel } from '#shared/application/risk/publish-model.ts';
import { MAX_MODEL_DOCUMENT_BYTES } from '#shared/application/risk/schemas.ts';
import { riskAdminDeps, riskRoute } from '#shared/composition/risk.ts';

/** The body is the model document (≤ 256 KiB); publishModel validates it field by field (400 with errors[]), nothing stored. */
export const handler = riskRoute({ auth: 'risk:manage', maxBodyBytes: MAX_MODEL_DOCUMENT_BYTES }, async ({ event }) => ({
  status: 201,
  body: await publishModel(await riskAdminDeps(), event.body),
}));
