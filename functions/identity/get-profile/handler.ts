import { getProfile } from '#shared/application/identity/get-profile.ts';
import { identityRoute, profileDeps } from '#shared/composition/identity.ts';

export const handler = identityRoute({ auth: 'users:read:self' }, async ({ principal }) => ({
  status: 200,
  body: await getProfile(await profileDeps(), principal.userId),
}));
