import { updateProfile } from '#shared/application/identity/update-profile.ts';
import { updateMeBody } from '#shared/application/identity/schemas.ts';
import { identityRoute, profileDeps } from '#shared/composition/identity.ts';

export const handler = identityRoute({ auth: 'users:update:self', schemas: { body: updateMeBody } }, async ({ principal, body }) => ({
  status: 200,
  body: await updateProfile(await profileDeps(), principal.userId, body),
}));
