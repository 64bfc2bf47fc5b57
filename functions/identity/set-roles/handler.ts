import { setRoles } from '#shared/application/identity/set-roles.ts';
import { setRolesBody, userIdPath } from '#shared/application/identity/schemas.ts';
import { identityRoute, profileDeps } from '#shared/composition/identity.ts';

export const handler = identityRoute(
  { auth: 'users:update-roles:any', schemas: { body: setRolesBody, path: userIdPath } },
  async ({ body, path }) => ({
    status: 200,
    body: await setRoles(await profileDeps(), path.id, body.roles),
  }),
);
