import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageVisibility } from '#shared/domain/messaging/ports.ts';

/** The worker's own source queue: `ChangeMessageVisibility` on a record it failed (SQS allows 0 to 43,200 s). */
export const sqsMessageVisibility = (client: SQSClient, queueUrl: string): MessageVisibility => ({
  hide: async (receiptHandle, seconds) => {
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  },
});
