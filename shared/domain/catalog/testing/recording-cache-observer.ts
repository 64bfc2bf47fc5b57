import type { CacheLevel, CacheObserver } from '../ports.ts';

/** Records every observation as `hit:L1`, `miss:L2`, `writeFailed:L2`. */
export class RecordingCacheObserver implements CacheObserver {
  readonly events: string[] = [];
  hit(level: CacheLevel) {
    this.events.push(`hit:${level}`);
  }
  miss(level: CacheLevel) {
    this.events.push(`miss:${level}`);
  }
  writeFailed(level: CacheLevel) {
    this.events.push(`writeFailed:${level}`);
  }
}
