import type { AccessTokenIssuer } from '../ports.ts';

/** Issues `access-<n>` tokens and remembers the claims of each. */
export const fakeTokenIssuer = (): AccessTokenIssuer & { issued: Array<{ sub: string; roles: string[] }> } => {
  const issued: Array<{ sub: string; roles: string[] }> = [];
  return {
    issued,
    issue: async (claims) => {
      issued.push({ sub: claims.sub, roles: [...claims.roles] });
      return { accessToken: `access-${issued.length}`, expiresIn: 900 };
    },
  };
};
