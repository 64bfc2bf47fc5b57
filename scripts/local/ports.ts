import type { LocalStackPorts } from './stack.ts';
import { createServer } from 'node:net';

const HOST = '127.0.0.1';

/** True when nothing listens on 127.0.0.1:port, checked by binding it for a moment. */
export const isPortFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: HOST, exclusive: true }, () => probe.close(() => resolve(true)));
  });

/** A port the OS considers free right now; tests use it so parallel runs never collide. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: HOST }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

/** A free port for every service of the local stack, so a test run never collides with `npm start` or another run. */
export const freeStackPorts = async (): Promise<LocalStackPorts> => ({
  dynamodb: await freePort(),
  sqs: await freePort(),
  lambda: await freePort(),
  http: await freePort(),
  websocket: await freePort(),
  paymentProvider: await freePort(),
  evm: await freePort(),
});

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/**
 * Checks every port before anything starts, so a busy port fails in a second with the variable
 * to change, instead of a half-started stack or a child that hangs on bind.
 */
export const assertPortsFree = async (ports: Record<string, number>): Promise<void> => {
  const entries = Object.entries(ports);
  const seen = new Map<number, string>();
  for (const [name, port] of entries) {
    const other = seen.get(port);
    if (other) throw new PortInUseError(`${name} and ${other} are both set to port ${port}; give each its own port`);
    seen.set(port, name);
  }
  const results = await Promise.all(entries.map(async ([name, port]) => ({ name, port, free: await isPortFree(port) })));
  const busy = results.filter((result) => !result.free);
  if (busy.length > 0) {
    const lines = busy.map(
      ({ name, port }) =>
        `port ${port} on ${HOST} is already in use: stop what holds it or set ${name} to another port (in .env or the environment)`,
    );
    throw new PortInUseError(lines.join('\n'));
  }
};
