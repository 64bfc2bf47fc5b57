import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readDeployment } from '../local/ledger-chain.ts';
import { reportLines, runAudit } from './audit.ts';
import { ProofFileError, readProofFile, verifyAgainstChain } from './verify.ts';

export const USAGE = `usage: npm run ledger -- <command> [options]

  verify <proof.json> [--rpc URL]   check a saved GET /orders/{id}/proof body against the chain alone: recompute the
                                    hash chain and leaves, fold each proof, compare with the root the contract holds.
                                    Prints one line per event; exits 1 on any mismatch.
                                    Default RPC: LEDGER_RPC_URL, else the local stack's node, else http://127.0.0.1:8545.
  audit [--stage S] [--aws] [--rpc URL] [--contract ADDRESS]
                                    walk every order's hash chain in the table (no Scan), check each event against its
                                    batch and each batch root against the contract; one line per break, exit 1 if any.
                                    Default: the local stack's table and chain; --aws: the deployed stage's table.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

const defaultIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env, cwd: process.cwd() };

/** Runs one command; returns the exit code: 0 ok, 1 mismatch or error, 2 usage. */
export const runLedgerCli = async (argv: string[], io: CliIo = defaultIo): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        rpc: { type: 'string' },
        stage: { type: 'string' },
        aws: { type: 'boolean' },
        contract: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help) return (io.out(USAGE), 0);
    if (command === 'verify') {
      if (rest.length !== 1) throw new UsageError('verify needs exactly one proof file');
      const proof = await readProofFile(rest[0]!);
      const report = await verifyAgainstChain(
        proof,
        values.rpc ??
          io.env.LEDGER_RPC_URL ??
          readDeployment(join(io.cwd ?? process.cwd(), '.local', 'ledger'))?.rpcUrl ??
          'http://127.0.0.1:8545',
      );
      report.lines.forEach((line, index) => (report.ok || index < report.lines.length - 1 ? io.out(line) : io.err(line)));
      return report.ok ? 0 : 1;
    }
    if (command === 'audit') {
      if (rest.length > 0) throw new UsageError('audit takes no arguments');
      if (values.aws && !values.stage) throw new UsageError('--aws needs --stage <stage>: name the deployed stage explicitly');
      const report = await runAudit(values, io.env, io.cwd ?? process.cwd());
      const lines = reportLines(report);
      lines.forEach((line, index) => (report.findings.length === 0 || index < lines.length - 1 ? io.out(line) : io.err(line)));
      return report.findings.length === 0 ? 0 : 1;
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
