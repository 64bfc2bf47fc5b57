import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventSender } from '#shared/application/events/publish-events.ts';
import { orderEventMessageAttributes, type OrderEventMessage } from '#shared/contracts/order-events.ts';

/** Sends an event message to its consumer's queue, with the contract's message attributes. */
export const sqsEventSender =
  (client: SQSClient, queueUrls: Record<string, string>): EventSender =>
  async (consumer: string, message: OrderEventMessage) => {
    const queueUrl = queueUrls[consumer];
    if (!queueUrl) throw new Error(`No queue configured for consumer ${consumer}`);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: orderEventMessageAttributes(message),
      }),
    );
  };
