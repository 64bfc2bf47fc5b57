import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local/ports.ts';
import { startLocalStack } from '../../scripts/local/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    localEnv: Record<string, string>;
  }
}

/** DynamoDB Local and the SQS emulator on free ports, with the table and queues of the `test` stage; no Lambdas. */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack({
    stage: 'test',
    offline: false,
    triggers: false,
    quiet: !process.env.LOCAL_STACK_DEBUG,
    ports: {
      dynamodb: await freePort(),
      sqs: await freePort(),
      lambda: await freePort(),
      http: await freePort(),
      websocket: await freePort(),
      paymentProvider: await freePort(),
    },
  });
  project.provide('localEnv', stack.env);
  return () => stack.stop();
}
