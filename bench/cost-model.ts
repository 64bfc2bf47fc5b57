// The all-in cost of one order's life: AWS list prices (us-east-1), each with its source and the date it was read,
// applied to what the capacity section measured (DynamoDB) and to the invocations and messages the life causes
// (counted from serverless.yml and the publisher's subscriptions), with the durations as documented assumptions.

/** A price with where it comes from and when it was read. */
export interface Price {
  usd: number;
  per: string;
  source: string;
  read: string;
}

/** us-east-1 list prices, no free tier, no savings plans. Re-read them when the date below is a year old. */
export const PRICES = {
  dynamoWrite: {
    usd: 0.625,
    per: 'million write request units (on-demand, Standard table class)',
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ (halved on 2024-11-01; also https://airbyte.com/data-engineering-resources/dynamodb-pricing)',
    read: '2026-12-01',
  },
  dynamoRead: {
    usd: 0.125,
    per: 'million read request units (on-demand, Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (halved on 2024-11-01)',
    read: '2026-12-01',
  },
  // Streams: GetRecords calls made by Lambda triggers are free (same pricing page), so the stream consumers' reads cost nothing.
  httpApiRequest: {
    usd: 1.0,
    per: 'million HTTP API requests (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/ (also https://amnic.com/blogs/aws-api-gateway-pricing)',
    read: '2026-12-01',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 'million Lambda requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: '2026-12-01',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second, arm64 (first 7.5 billion GB-s a month)',
    source: 'https://aws.amazon.com/lambda/pricing/ (also https://cloudchipr.com/blog/aws-lambda-pricing)',
    read: '2026-12-01',
  },
  sqsRequest: {
    usd: 0.4,
    per: 'million standard-queue requests (each 64 KB chunk of a payload is one request)',
    source: 'https://aws.amazon.com/sqs/pricing/ (also https://cloudburn.io/blog/amazon-sqs-pricing)',
    read: '2026-12-01',
  },
} satisfies Record<string, Price>;

/**
 * Assumptions for what the bench cannot measure locally: billed duration per warm invocation (DynamoDB calls on AWS
 * take a few ms each; the payment provider's answer is the slow part of the payments worker) and the memory each
 * function is configured with (serverless.yml provider default, 512 MB). Cold starts are a minority of invocations at
 * steady traffic and are left out; the cold-start section shows their relative size.
 */
export const LAMBDA_ASSUMPTIONS = {
  memoryGb: 0.5,
  httpMs: 40,
  workerMs: 60,
  paymentsMs: 250,
  /** Stream and SQS batches: one record per invocation, the worst case at low traffic (batching only lowers the cost). */
  recordsPerInvocation: 1,
} as const;

/** One order's life as the functions see it; every count per order. */
export interface LifeTraffic {
  /** HTTP requests through API Gateway, each one Lambda invocation. */
  httpRequests: number;
  /** Worker invocations that are not the payments worker (publisher, risk, notifications, catalog invalidation). */
  workerInvocations: number;
  paymentsInvocations: number;
  /** Messages sent to consumer queues; each is one send, one receive and one delete request at batch size 1. */
  sqsMessages: number;
  rru: number;
  wru: number;
}

export interface LifeCost {
  lines: { item: string; quantity: number; unit: string; usdPerMillionOrders: number }[];
  usdPerMillionOrders: number;
}

export const lifeCost = (t: LifeTraffic): LifeCost => {
  const a = LAMBDA_ASSUMPTIONS;
  const gbSeconds =
    a.memoryGb * ((t.httpRequests * a.httpMs + t.workerInvocations * a.workerMs + t.paymentsInvocations * a.paymentsMs) / 1000);
  const invocations = t.httpRequests + t.workerInvocations + t.paymentsInvocations;
  const sqsRequests = 3 * t.sqsMessages;
  const lines = [
    { item: 'API Gateway HTTP API requests', quantity: t.httpRequests, unit: 'requests', usd: PRICES.httpApiRequest.usd },
    { item: 'Lambda requests', quantity: invocations, unit: 'invocations', usd: PRICES.lambdaRequest.usd },
    { item: 'Lambda duration (arm64)', quantity: gbSeconds, unit: 'GB-s', usd: PRICES.lambdaArmGbSecond.usd * 1e6 },
    { item: 'SQS requests (send + receive + delete)', quantity: sqsRequests, unit: 'requests', usd: PRICES.sqsRequest.usd },
    { item: 'DynamoDB reads', quantity: t.rru, unit: 'RRU', usd: PRICES.dynamoRead.usd },
    { item: 'DynamoDB writes', quantity: t.wru, unit: 'WRU', usd: PRICES.dynamoWrite.usd },
  ].map(({ item, quantity, unit, usd }) => ({ item, quantity, unit, usdPerMillionOrders: quantity * usd }));
  return { lines, usdPerMillionOrders: lines.reduce((sum, line) => sum + line.usdPerMillionOrders, 0) };
};
