import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of the order a customer places with an Idempotency-Key: the same customer and key always name the same
 * order, so a retry after an ambiguous commit (committed, but the answer was lost) finds the order instead of
 * placing a second one. ULID-shaped (26 Crockford base-32 characters, the first 0-7, as every id of the API), taken
 * from SHA-256 of customer and key: another customer's key names another order.
 */
export const orderIdFor = (customerId: string, idempotencyKey: string): string => {
  const digest = createHash('sha256').update(`orders/${customerId.length}:${customerId}/${idempotencyKey}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 17)) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 0; i < 26; i++) id += CROCKFORD[Number((bits >> BigInt(5 * (25 - i))) & 31n)];
  // 130 bits: the first character carries 5 of them; keep it under 8 like a ULID's timestamp does.
  return CROCKFORD[CROCKFORD.indexOf(id[0]!) & 7] + id.slice(1);
};
