import type { Clock } from '#shared/domain/clock.ts';

export interface HealthBody {
  status: 'ok';
  version: string;
  time: string;
}

/** The shallow health check: the function answers, and says which build it runs. */
export const health = ({ clock, version }: { clock: Clock; version: string }): HealthBody => ({
  status: 'ok',
  version,
  time: clock.now().toISOString(),
});
