import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { OrderlyMetrics } from './metrics.ts';

// One instance of each per container; service name and namespace come from POWERTOOLS_* variables.
export const logger = new Logger();
export const metrics = new OrderlyMetrics();
export const tracer = new Tracer();
