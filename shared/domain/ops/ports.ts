/** A named probe of one dependency; it throws when the dependency is unhealthy and stops when `signal` aborts. */
export interface HealthCheck {
  name: string;
  run: (signal: AbortSignal) => Promise<void>;
}
