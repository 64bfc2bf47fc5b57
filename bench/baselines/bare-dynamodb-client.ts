// Baseline: the least a function that talks to DynamoDB pays at cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const c = new DynamoDBClient({});
