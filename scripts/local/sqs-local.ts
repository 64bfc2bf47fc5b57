import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';

export interface SqsLocal {
  endpoint: string;
  /** Closes the port (every client sees connection refused) but keeps the queues and their messages in memory. */
  pause(): Promise<void>;
  /** Listens on the same port again, with the state it had when paused. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the SQS emulator in this process: it starts in milliseconds and needs no child to babysit.
 * The region makes its queue ARNs match the ones the functions are configured with.
 */
export const startSqsLocal = async (options: { port: number; region: string }): Promise<SqsLocal> => {
  const server: Server = await createSqsServer({
    port: options.port,
    hostname: '127.0.0.1',
    region: options.region,
    // Tests recreate queues with the same names across runs; AWS's 60 s wait would only slow them.
    emulateQueueCreationLifecycle: false,
  });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    pause: close,
    resume: () =>
      new Promise((resolve, reject) => {
        if (server.listening) return resolve();
        server.once('error', reject);
        server.listen(options.port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    stop: close,
  };
};
