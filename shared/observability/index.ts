import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

// One instance of each per container; service name and namespace come from POWERTOOLS_* variables.
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();
