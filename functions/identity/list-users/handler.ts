import { listUsers } from '#shared/application/identity/list-users.ts';
import { pageQuery } from '#shared/application/identity/schemas.ts';
import { identityRoute, profileDeps } from '#shared/composition/identity.ts';

export const handler = identityRoute({ auth: 'users:read:any', schemas: { query: pageQuery } }, async ({ query }) => ({
  status: 200,
  body: await listUsers(await profileDeps(), query),
}));
