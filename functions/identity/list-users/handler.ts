import { listProfiles } from '#shared/application/identity/profiles.ts';
import { pageQuery } from '#shared/application/identity/schemas.ts';
import { identityRoute, profileDeps } from '#shared/composition/identity.ts';

export const handler = identityRoute({ auth: 'users:read:any', schemas: { query: pageQuery } }, async ({ query }) => ({
  status: 200,
  body: await listProfiles(await profileDeps(), query),
}));
