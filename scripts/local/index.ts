// The local stack's public surface, for `npm start` and for test setups.
export { startLocalStack, type LocalStack, type LocalStackOptions, type LocalStackPorts } from './stack.ts';
export { loadLocalEnv, portFrom, type EnvMap } from './env.ts';
export { assertPortsFree, freePort, isPortFree, PortInUseError } from './ports.ts';
export { createLambdaInvoker, type Invoke, type InvokeResult } from './lambda-invoke.ts';
export type { LocalResources } from './intrinsics.ts';
