import { describeRateLimiterContract } from './rate-limiter.contract.ts';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.ts';

describeRateLimiterContract('InMemoryRateLimiter', () => new InMemoryRateLimiter());
