import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishModel } from '#shared/application/risk/publish-model.ts';
import { setRouting } from '#shared/application/risk/set-routing.ts';
import { createDynamoClient } from '#shared/infrastructure/dynamodb/client.ts';
import { dynamoModelRegistry } from '#shared/infrastructure/risk/dynamo-model-registry.ts';
import { sha256Checksum } from '#shared/infrastructure/risk/sha256-checksum.ts';
import { localCredentials } from './aws.ts';
import type { EnvMap } from './env.ts';

export const DEFAULT_RISK_MODEL_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'risk-default.json');

/**
 * Loads the trained default model (models/risk-default.json, trained on synthetic data) as version 1 and routes every
 * order to it, when the registry is empty. A registry that holds any version is left exactly as it is. Local only.
 */
export const seedRiskModel = async (env: EnvMap, file = DEFAULT_RISK_MODEL_FILE): Promise<string[]> => {
  const client = createDynamoClient({
    region: env.AWS_REGION ?? 'eu-west-1',
    endpoint: env.DYNAMODB_ENDPOINT,
    credentials: localCredentials,
  });
  try {
    const registry = dynamoModelRegistry({ client, tableName: env.TABLE_NAME! });
    if ((await registry.list()).length > 0) return [];
    const deps = { registry, checksum: sha256Checksum, clock: { now: () => new Date() } };
    const { version, name } = await publishModel(deps, JSON.parse(readFileSync(file, 'utf8')));
    if (!(await registry.getRouting())) await setRouting(deps, { champion: version, challengerShare: 0, mode: 'split' });
    return [`risk model ${name} v${version}`];
  } finally {
    client.destroy();
  }
};
