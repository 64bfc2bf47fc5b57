import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { HttpEvent } from '#shared/middleware/http/types.ts';
import { sampleEvent } from '../../tests/support/events.ts';
import { fakeContext } from '../../tests/support/lambda.ts';
import { handler as health } from './health/handler.ts';
import { handler as probeWorker } from './probe-worker/handler.ts';

describe('handlers driven by the sample events under events/', () => {
  it('health answers events/http/get-health.json with 200 and echoes its correlation id', async () => {
    const response = await health(sampleEvent<HttpEvent>('http/get-health.json'), fakeContext());

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['x-correlation-id']).toBe('sample-corr-1');
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ status: 'ok' });
  });

  it('the probe worker reports the failing and the poison record of events/sqs/probe-batch.json', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await probeWorker(sampleEvent<SQSEvent>('sqs/probe-batch.json'), fakeContext());

    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['sample-fail', 'sample-poison']);
  });
});
