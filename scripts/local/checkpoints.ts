import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where each stream consumer got to per shard, like an event source mapping's checkpoint. */
export interface CheckpointStore {
  get(key: string): string | undefined;
  set(key: string, sequenceNumber: string): void;
}

/**
 * With `--persist` the table and its stream outlive a restart; without a saved checkpoint,
 * TRIM_HORIZON would replay every outbox event to the consumers on each `npm start`.
 */
export const fileCheckpoints = (path: string): CheckpointStore => {
  const positions: Record<string, string> = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  return {
    get: (key) => positions[key],
    set: (key, sequence) => {
      positions[key] = sequence;
      mkdirSync(dirname(path), { recursive: true });
      // Write then rename, so a crash mid-write never leaves a truncated file behind.
      writeFileSync(`${path}.tmp`, JSON.stringify(positions, null, 2));
      renameSync(`${path}.tmp`, path);
    },
  };
};
