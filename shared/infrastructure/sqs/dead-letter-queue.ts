import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue, MessageAttribute } from '#shared/contracts/dead-letters.ts';

const toSqs = ({ dataType, stringValue, binaryValue }: MessageAttribute): MessageAttributeValue =>
  binaryValue === undefined
    ? { DataType: dataType, StringValue: stringValue }
    : { DataType: dataType, BinaryValue: Buffer.from(binaryValue, 'base64') };

/** A worker's DLQ (or a stream's on-failure queue): the spines send invalid records here themselves. */
export const sqsDeadLetterQueue = (client: SQSClient, queueUrl: string): DeadLetterQueue => ({
  send: async ({ body, attributes }) => {
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, toSqs(value)])),
      }),
    );
  },
});
