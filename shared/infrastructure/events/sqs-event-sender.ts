import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventSender, StoredEvent } from '#shared/application/events/publish-event.ts';

const stringAttribute = (value: string) => ({ DataType: 'String', StringValue: value });

/** Sends an event to its consumer's queue, with eventId, type, version and correlation id as message attributes. */
export const sqsEventSender =
  (client: SQSClient, queueUrls: Record<string, string>): EventSender =>
  async (consumer: string, event: StoredEvent) => {
    const queueUrl = queueUrls[consumer];
    if (!queueUrl) throw new Error(`No queue configured for consumer ${consumer}`);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          eventId: stringAttribute(event.eventId),
          eventType: stringAttribute(event.type),
          version: { DataType: 'Number', StringValue: String(event.version) },
          correlationId: stringAttribute(event.correlationId),
        },
      }),
    );
  };
