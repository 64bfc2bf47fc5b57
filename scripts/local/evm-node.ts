import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnManaged, type ManagedChild } from './child.ts';
import { sleep, type Log } from './log.ts';

/** anvil's default dev chain: account #0 is funded and known to everyone. Never use its key outside a dev chain. */
export const DEV_CHAIN_ID = 31337;
export const DEV_ACCOUNT_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;

export interface EvmNodeOptions {
  port: number;
  log: Log;
  /** Keep the chain in this JSON file between runs (anvil --state): loaded at start, written on stop. */
  statePath?: string;
  /** Seconds between blocks; absent: a block per transaction (automine). */
  blockTime?: number;
  onUnexpectedExit?: (reason: string) => void;
  readyTimeoutMs?: number;
}

export interface EvmNode {
  rpcUrl: string;
  chainId: number;
  stop(): Promise<void>;
}

/** The anvil binary from the @foundry-rs/anvil platform package, spawned directly so that signals reach it. */
export const findAnvilBinary = (): string => {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`${platformPackage}/package.json`));
  } catch (error) {
    throw new Error(`${platformPackage} is not installed: run npm ci (anvil ships as an optional dependency per platform)`, {
      cause: error,
    });
  }
  const binary = join(packageDir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(binary)) throw new Error(`anvil binary missing at ${binary}; reinstall @foundry-rs/anvil`);
  return binary;
};

/** Starts anvil on 127.0.0.1:port and resolves once it answers eth_chainId. */
export const startEvmNode = async (options: EvmNodeOptions): Promise<EvmNode> => {
  const args = ['--host', '127.0.0.1', '--port', String(options.port), '--chain-id', String(DEV_CHAIN_ID), '--silent'];
  if (options.statePath) {
    mkdirSync(dirname(options.statePath), { recursive: true });
    args.push('--state', options.statePath);
  }
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  const child = spawnManaged(findAnvilBinary(), args, { log: options.log, onUnexpectedExit: options.onUnexpectedExit });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(rpcUrl, child, options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  // SIGTERM lets anvil write --state before it exits.
  return { rpcUrl, chainId: DEV_CHAIN_ID, stop: () => child.stop() };
};

/** One JSON-RPC call with a short timeout; undefined when the node does not answer. */
export const rpcCall = async (rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> => {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(1000),
    });
    const body = (await response.json()) as { result?: unknown };
    return body.result;
  } catch {
    return undefined;
  }
};

const waitUntilReady = async (rpcUrl: string, child: ManagedChild, timeoutMs: number): Promise<void> => {
  let exitReason: string | undefined;
  void child.exited.then((reason) => {
    exitReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitReason) throw new Error(`anvil stopped while starting (${exitReason}); see its output above`);
    if ((await rpcCall(rpcUrl, 'eth_chainId')) !== undefined) return;
    await sleep(100);
  }
  throw new Error(`anvil did not answer on ${rpcUrl} within ${timeoutMs / 1000} s`);
};
