import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { FramePusher } from '#shared/domain/notifications/ports.ts';
import { tracer } from '#shared/observability/index.ts';

export interface PusherOptions {
  /** `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`; offline `http://127.0.0.1:<websocket port>` (no stage path). */
  endpoint: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const encoder = new TextEncoder();

/** API Gateway names a vanished client GoneException; serverless offline answers a bare 410 that the SDK cannot name. */
export const isGone = (error: unknown): boolean =>
  error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 410;

export const createManagementClient = ({ endpoint, region, credentials }: PusherOptions): ApiGatewayManagementApiClient =>
  tracer.captureAWSv3Client(
    new ApiGatewayManagementApiClient({
      endpoint,
      region,
      credentials,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    }),
  );

/** Posts JSON text frames through the connections endpoint: a vanished client is `gone`, anything else throws. */
export const apiGatewayFramePusher = (client: ApiGatewayManagementApiClient): FramePusher => ({
  async push(connectionId, frame) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(JSON.stringify(frame)) }));
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  },
});
