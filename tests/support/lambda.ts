import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { HttpEvent } from '#shared/middleware/http/types.ts';
import type { OrderlyContext } from '#shared/middleware/context.ts';

/** A Lambda context with a controllable deadline. */
export const fakeContext = (remainingMs = 10_000, overrides: Partial<Context> = {}): OrderlyContext => {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'orderly-test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:orderly-test-fn',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/orderly-test-fn',
    logStreamName: '2026/11/26/[$LATEST]abc',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  } as OrderlyContext;
};

export interface HttpEventInput {
  method?: string;
  path?: string;
  routeKey?: string;
  headers?: Record<string, string>;
  body?: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
}

/** An HTTP API (payload v2) event, shaped like the samples under events/http. */
export const httpEvent = ({
  method = 'GET',
  path = '/',
  routeKey,
  headers = {},
  body,
  query,
  pathParameters,
}: HttpEventInput = {}): HttpEvent => ({
  version: '2.0',
  routeKey: routeKey ?? `${method} ${path}`,
  rawPath: path,
  rawQueryString: new URLSearchParams(query ?? {}).toString(),
  headers,
  queryStringParameters: query,
  pathParameters,
  isBase64Encoded: false,
  body,
  requestContext: {
    accountId: '000000000000',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: 'req-1',
    routeKey: routeKey ?? `${method} ${path}`,
    stage: '$default',
    time: '26/Nov/2026:15:00:00 +0000',
    timeEpoch: 1_795_000_000_000,
  },
});

export const sqsRecord = (body: string, overrides: Partial<SQSRecord> = {}): SQSRecord => ({
  messageId: overrides.messageId ?? `msg-${Math.random().toString(36).slice(2)}`,
  receiptHandle: 'handle',
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1795000000000',
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: '1795000000000',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:orderly-test-probe',
  awsRegion: 'eu-west-1',
  ...overrides,
});

export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });
