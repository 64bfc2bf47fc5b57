import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The emulators accept any credentials; fixed ones keep the SDK from searching profiles or IMDS. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  destroy(): void;
}

export const createLocalClients = (endpoints: { dynamodb: string; sqs: string }, region: string): LocalClients => {
  const common = { region, credentials: localCredentials };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  return {
    dynamodb,
    streams,
    sqs,
    destroy: () => {
      dynamodb.destroy();
      streams.destroy();
      sqs.destroy();
    },
  };
};
