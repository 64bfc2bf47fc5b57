export type Log = (message: string) => void;

/** A logger that prefixes each line with its source, so interleaved output stays readable. */
export const createLog = (prefix: string, quiet = false): Log =>
  quiet ? () => {} : (message) => process.stdout.write(`${`[${prefix}]`.padEnd(10)} ${message}\n`);

/** Streams a child's output line by line under a prefix; partial lines wait for their newline. */
export const pipeLines = (stream: NodeJS.ReadableStream | null, log: Log): void => {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') log(line.trimEnd());
  });
  stream.on('end', () => {
    if (pending.trim() !== '') log(pending.trimEnd());
  });
};

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
