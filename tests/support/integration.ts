import { inject } from 'vitest';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';

/** Endpoints and names of the emulators started by tests/setup/integration.ts. */
export const localEnv = () => inject('localEnv');

export const localDynamo = () => {
  const env = localEnv();
  return {
    client: createDynamoClient({
      region: env.AWS_REGION!,
      endpoint: env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: env.TABLE_NAME!,
  };
};
