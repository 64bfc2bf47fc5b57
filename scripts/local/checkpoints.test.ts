import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCheckpoints } from './checkpoints.ts';

describe('fileCheckpoints', () => {
  it('keeps each consumer position across restarts', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'checkpoints-')), 'nested', 'positions.json');
    fileCheckpoints(path).set('publisher stream shard-1', '000042');
    const reopened = fileCheckpoints(path);
    expect(reopened.get('publisher stream shard-1')).toBe('000042');
    expect(reopened.get('publisher stream shard-2')).toBeUndefined();
  });
});
