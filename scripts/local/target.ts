import { loadLocalEnv, portFrom, type EnvMap } from './env.ts';
import { localCredentials } from './aws.ts';

/** Where an operator command (audit, replay, rebuild) points: the local stack by default, AWS with `--aws`. */
export interface CommandTarget {
  env: EnvMap;
  stage: string;
  tableName: string;
  region: string;
  /** Endpoints and credentials to spread into SDK client options; empty with `--aws` (default chain, real endpoints). */
  dynamo: { endpoint?: string; credentials?: typeof localCredentials };
  sqs: { endpoint?: string; credentials?: typeof localCredentials };
  /** The payment provider emulator's URL offline; undefined with `--aws`. */
  providerUrl?: string;
}

/**
 * Resolves a command's target from `.env.example`/`.env` and the real environment. `loadLocalEnv` lets the real
 * environment override only the variables the env files name; `overrides` lists the ones they do not
 * (DYNAMODB_ENDPOINT, TABLE_NAME, ...), so a test can aim a command at its own emulators.
 */
export const commandTarget = (
  options: { stage?: string; aws: boolean; overrides?: readonly string[] },
  processEnv: NodeJS.ProcessEnv = process.env,
  root: string = process.cwd(),
): CommandTarget => {
  const picked = (options.overrides ?? []).flatMap((name) => (processEnv[name] ? [[name, processEnv[name]]] : []));
  const env: EnvMap = { ...loadLocalEnv(root, processEnv), ...Object.fromEntries(picked) };
  const stage = options.stage ?? env.STAGE ?? 'dev';
  const local = (url: string) => (options.aws ? {} : { endpoint: url, credentials: localCredentials });
  return {
    env,
    stage,
    tableName: env.TABLE_NAME ?? `orderly-${stage}`,
    region: env.AWS_REGION ?? 'eu-west-1',
    dynamo: local(env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${portFrom(env, 'DYNAMODB_PORT', 8000)}`),
    sqs: local(env.SQS_ENDPOINT || `http://127.0.0.1:${portFrom(env, 'SQS_PORT', 9324)}`),
    providerUrl: options.aws ? undefined : env.PAYMENT_PROVIDER_URL || `http://127.0.0.1:${portFrom(env, 'PAYMENT_PROVIDER_PORT', 4010)}`,
  };
};
