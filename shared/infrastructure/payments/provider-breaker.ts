import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type IBackoffFactory } from 'cockatiel';
import { logger, metrics } from '#shared/observability/index.ts';

export interface BreakerOptions {
  /** Failed calls in a row (each after its retries) that open the circuit. */
  consecutiveFailures: number;
  /** How long the circuit stays open before one trial call is let through. */
  halfOpenAfterMs: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

const stateNames: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};
export const circuitStateName = (state: CircuitState): CircuitStateName => stateNames[state];

/**
 * One breaker per container (build it at module scope): every invocation the container serves shares what it learnt.
 * Only failures `counts` accepts are counted; a declined card or a 4xx says nothing about the provider's health.
 */
export const createProviderBreaker = (name: string, options: BreakerOptions, counts: (error: unknown) => boolean): CircuitBreakerPolicy => {
  const breaker = circuitBreaker(handleWhen(counts), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.consecutiveFailures),
  });
  breaker.onBreak((reason) => {
    const cause = 'error' in reason ? summarise(reason.error) : 'isolated';
    logger.warn('circuit opened', { circuit: name, cause, halfOpenAfterMs: options.halfOpenAfterMs });
    metrics.addMetric('BreakerOpened', MetricUnit.Count, 1);
  });
  breaker.onHalfOpen(() => {
    logger.info('circuit half-open: trial call', { circuit: name });
    metrics.addMetric('BreakerHalfOpened', MetricUnit.Count, 1);
  });
  breaker.onReset(() => {
    logger.info('circuit closed', { circuit: name });
    metrics.addMetric('BreakerClosed', MetricUnit.Count, 1);
  });
  return breaker;
};

/** Caps every delay of a backoff by a moving limit, so the last sleep never overruns the caller's budget. */
export const cappedBackoff = <C>(inner: IBackoffFactory<C>, limit: () => number): IBackoffFactory<C> => ({
  next(context) {
    const step = inner.next(context);
    return { duration: Math.max(0, Math.min(step.duration, limit())), next: (later: C) => cappedBackoff(step, limit).next(later) };
  },
});

const summarise = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 200);
