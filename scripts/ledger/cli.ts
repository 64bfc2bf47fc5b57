import { parseArgs } from 'node:util';
import { ProofFileError, readProofFile, verifyAgainstChain } from './verify.ts';

export const USAGE = `usage: npm run ledger -- <command> [options]

  verify <proof.json> [--rpc URL]   check a saved GET /orders/{id}/proof body against the chain alone: recompute the
                                    hash chain and leaves, fold each proof, compare with the root the contract holds.
                                    Prints one line per event; exits 1 on any mismatch.
                                    Default RPC: LEDGER_RPC_URL, else http://127.0.0.1:8545.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };

/** Runs one command; returns the exit code: 0 ok, 1 mismatch or error, 2 usage. */
export const runLedgerCli = async (argv: string[], io: CliIo = defaultIo): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { rpc: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    const [command, ...rest] = positionals;
    if (values.help) return io.out(USAGE), 0;
    if (command === 'verify') {
      if (rest.length !== 1) throw new UsageError('verify needs exactly one proof file');
      const proof = await readProofFile(rest[0]!);
      const report = await verifyAgainstChain(proof, values.rpc ?? io.env.LEDGER_RPC_URL ?? 'http://127.0.0.1:8545');
      report.lines.forEach((line, index) => (report.ok || index < report.lines.length - 1 ? io.out(line) : io.err(line)));
      return report.ok ? 0 : 1;
    }
    throw new UsageError(command ? `unknown command ${command}` : 'missing command');
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`ledger: ${error instanceof ProofFileError ? '' : 'verification could not run: '}${(error as Error).message}`);
    return 1;
  }
};
