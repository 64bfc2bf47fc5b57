import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface FunctionEvent {
  sqs?: {
    arn: unknown;
    batchSize?: number;
    functionResponseType?: string;
    enabled?: boolean;
    maximumBatchingWindow?: number;
    maximumConcurrency?: number;
  };
  stream?: StreamEventConfig;
  [other: string]: unknown;
}

export interface StreamEventConfig {
  type?: string;
  arn: unknown;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  batchSize?: number;
  maximumRetryAttempts?: number;
  bisectBatchOnFunctionError?: boolean;
  functionResponseType?: string;
  destinations?: { onFailure?: { arn: unknown; type?: string } };
  filterPatterns?: Record<string, unknown>[];
  enabled?: boolean;
}

export interface FunctionConfig {
  name: string;
  handler?: string;
  timeout?: number;
  environment?: Record<string, unknown>;
  events?: FunctionEvent[];
}

export interface ServerlessConfig {
  service: string;
  provider: { stage: string; region: string; timeout?: number; environment?: Record<string, unknown> };
  functions?: Record<string, FunctionConfig>;
  resources?: { Resources?: Record<string, CfnResource> };
}

/** Path of the osls CLI, run with this Node so the framework and the handlers share its version. */
export const serverlessBin = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('osls/package.json')), 'bin', 'serverless.js');

/**
 * The resolved service, exactly as deploys see it: the one source of truth for resources and triggers.
 * QUEUE_URL_* must be absent so queue URLs stay `{ Ref }` and we can tell which queue each variable means.
 */
export const printServerlessConfig = async (options: { stage: string; cwd: string; env: NodeJS.ProcessEnv }): Promise<ServerlessConfig> => {
  const env = Object.fromEntries(Object.entries(options.env).filter(([key]) => !key.startsWith('QUEUE_URL_')));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [serverlessBin(), 'print', '--stage', options.stage, '--format', 'json'],
      {
        cwd: options.cwd,
        env,
        maxBuffer: 32 * 1024 * 1024,
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout) as ServerlessConfig;
  } catch (error) {
    const detail = (error as { stderr?: string; stdout?: string }).stderr || (error as { stdout?: string }).stdout || String(error);
    throw new Error(`serverless print --stage ${options.stage} failed:\n${detail.trim()}`, { cause: error });
  }
};
