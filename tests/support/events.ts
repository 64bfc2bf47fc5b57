import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A sample event from events/, the same files `serverless invoke local --path events/...` takes. */
export const sampleEvent = <T>(relativePath: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'events', relativePath), 'utf8')) as T;
