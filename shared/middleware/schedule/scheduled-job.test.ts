import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, UnavailableError } from '#shared/domain/errors.ts';
import { fakeContext } from '../../../tests/support/lambda.ts';
import { scheduledJob } from './scheduled-job.ts';

const event = {
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2026-03-01T10:00:00Z',
  detail: {},
} as unknown as ScheduledEvent;

describe('the scheduled-job spine', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the job with the Lambda context and returns its outcome', async () => {
    const job = scheduledJob({ name: 'probe' }, async (context) => ({ ran: context.awsRequestId }));

    expect(await job(event, fakeContext())).toEqual({ ran: expect.any(String) });
  });

  it('turns an unavailable dependency into a logged skip: the next run retries', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const job = scheduledJob({ name: 'probe' }, async () => {
      throw new UnavailableError('the chain node is down');
    });

    expect(await job(event, fakeContext())).toEqual({ skipped: 'the chain node is down' });
    expect(warn).toHaveBeenCalled();
  });

  it.each([
    ['a conflict', new ConflictError('the head moved')],
    ['an unexpected error', new Error('boom')],
  ])('fails the invocation on %s', async (_name, error) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const job = scheduledJob({ name: 'probe' }, async () => {
      throw error;
    });

    await expect(job(event, fakeContext())).rejects.toThrow(error.message);
  });
});
