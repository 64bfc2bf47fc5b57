import os from 'node:os';
import { NODE_BIN } from './config.ts';
import { fmt } from './table.ts';

export const machine = () => ({
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  totalMemory: { value: Math.round(os.totalmem() / 2 ** 20), unit: 'MiB' },
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  benchNode: NODE_BIN,
  loadAverage1mAtStart: os.loadavg()[0],
});

/** Timings on a machine with more runnable work than cores are mostly queueing; say so beside the figures. */
export const loadNote = (): string[] => {
  const [load1] = os.loadavg();
  const cores = os.availableParallelism();
  return (load1 ?? 0) > cores
    ? [
        `!! machine busy: load average ${fmt(load1 ?? 0, 2)} on ${cores} cores now; timings are noisy (for cold starts, compare the cpu column).`,
      ]
    : [];
};
