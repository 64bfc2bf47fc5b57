import type { PublicJwks, PublicKeySource } from '#shared/domain/identity/ports.ts';

/** The public halves of the token signing keys, for anyone verifying our access tokens. */
export const getJwks = async ({ keys }: { keys: PublicKeySource }): Promise<PublicJwks> => keys.publicJwks();
