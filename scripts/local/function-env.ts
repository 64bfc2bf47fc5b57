import { referenceOf, type LocalResources } from './intrinsics.ts';
import type { ServerlessConfig } from './serverless-config.ts';

/**
 * Environment variables whose deployed value is `{ Ref: <queue> }`, mapped to the local queue URL.
 * serverless.yml reads `${env:QUEUE_URL_X, <Ref>}`, so setting these before `serverless offline`
 * hands the functions real URLs instead of unresolved CloudFormation objects.
 */
export const queueUrlEnv = (config: ServerlessConfig, resources: LocalResources): Record<string, string> => {
  const environments = [config.provider.environment ?? {}, ...Object.values(config.functions ?? {}).map((fn) => fn.environment ?? {})];
  const env: Record<string, string> = {};
  for (const environment of environments) {
    for (const [key, value] of Object.entries(environment)) {
      const ref = referenceOf(value);
      const queue = ref?.attribute === 'Ref' ? resources.queues[ref.id] : undefined;
      if (queue) env[key] = queue.url;
    }
  }
  return env;
};
