import type { Clock } from '../clock.ts';

/** A clock that always answers `iso`. */
export const fixedClock = (iso = '2025-03-01T12:00:00.000Z'): Clock => ({ now: () => new Date(iso) });
