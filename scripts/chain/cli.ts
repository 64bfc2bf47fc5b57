import { parseArgs } from 'node:util';
import { privateKeyToAccount } from 'viem/accounts';
import { deployOrderLedger } from '#shared/infrastructure/ledger/deploy-order-ledger.ts';
import { DEV_ACCOUNT_KEY, DEV_CHAIN_ID, rpcCall } from '../local/evm-node.ts';
import { ARTIFACT_JSON, ARTIFACT_MODULE, compileOrderLedger, writeArtifacts } from './compile.ts';

export const USAGE = `usage: npm run chain -- <command> [options]

  compile              compile contracts/OrderLedger.sol (pinned solc-js) into contracts/OrderLedger.json and
                       shared/infrastructure/ledger/order-ledger-contract.ts
  deploy [--rpc URL]   deploy OrderLedger and print its address (default RPC: LEDGER_RPC_URL, else http://127.0.0.1:8545)

  The deployer key comes from LEDGER_DEPLOYER_KEY (0x-prefixed hex; it becomes the owner that anchors).
  On the local dev chain (chain id ${DEV_CHAIN_ID}) the well-known dev account #0 is used when it is unset.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };

const deployerKey = async (rpcUrl: string, env: NodeJS.ProcessEnv): Promise<`0x${string}`> => {
  const key = env.LEDGER_DEPLOYER_KEY;
  if (key) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new UsageError('LEDGER_DEPLOYER_KEY must be a 0x-prefixed 32-byte hex private key');
    return key as `0x${string}`;
  }
  const chainId = await rpcCall(rpcUrl, 'eth_chainId');
  if (chainId === undefined) throw new Error(`No EVM node answers on ${rpcUrl}: start one (npm start) or pass --rpc`);
  if (Number(chainId) !== DEV_CHAIN_ID)
    throw new UsageError(`chain ${Number(chainId)} is not the local dev chain: set LEDGER_DEPLOYER_KEY`);
  return DEV_ACCOUNT_KEY;
};

/** Runs one command; returns the exit code: 0 ok, 1 error, 2 usage. */
export const runChainCli = async (argv: string[], io: CliIo = defaultIo): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { rpc: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    const [command, ...extra] = positionals;
    if (values.help) return (io.out(USAGE), 0);
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (command === 'compile') {
      const started = Date.now();
      writeArtifacts(compileOrderLedger());
      io.out(`compiled OrderLedger in ${Date.now() - started} ms: ${ARTIFACT_JSON}, ${ARTIFACT_MODULE}`);
      return 0;
    }
    if (command === 'deploy') {
      const rpcUrl = values.rpc ?? io.env.LEDGER_RPC_URL ?? 'http://127.0.0.1:8545';
      const account = privateKeyToAccount(await deployerKey(rpcUrl, io.env));
      const deployed = await deployOrderLedger({ rpcUrl, account });
      io.out(
        `OrderLedger deployed at ${deployed.address} on chain ${deployed.chainId} (tx ${deployed.txHash}, block ${deployed.blockNumber}, ${deployed.gasUsed} gas), owner ${account.address}`,
      );
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : 'missing command');
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`chain: ${(error as Error).message}`);
    return 1;
  }
};
