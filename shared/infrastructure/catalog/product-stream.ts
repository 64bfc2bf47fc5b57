import type { DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';

const productImage = z.object({ entity: z.object({ S: z.literal('Product') }), id: z.object({ S: z.string().min(1) }) });

/** Ids of the products whose new image is in the batch; anything else (a filter slip, a page item) is ignored. */
export const changedProductIds = (event: DynamoDBStreamEvent): string[] =>
  event.Records.flatMap((record) => {
    const image = productImage.safeParse(record.dynamodb?.NewImage);
    return image.success ? [image.data.id.S] : [];
  });
