/** What every `npm run` command line shares: where it writes, what it reads, and how a wrong invocation ends. */

/** A wrong invocation: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** True for our usage errors and for node:util parseArgs' own (unknown option, missing value). */
export const isUsageError = (error: unknown): boolean =>
  error instanceof UsageError || (error as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS') === true;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const defaultIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
  cwd: process.cwd(),
};
