import * as z from '#shared/zod.ts';

export const ROUTING_MODES = ['split', 'shadow'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
export type RiskVariant = 'champion' | 'challenger';
export const MAX_CHALLENGER_SHARE = 0.5;

const version = z.int().check(z.positive());

/** Which model versions score new orders. Promotion and rollback are one change of `champion`. */
export const riskRoutingSchema = z
  .strictObject({
    champion: version,
    challenger: z.optional(version),
    challengerShare: z.number().check(z.gte(0), z.lte(MAX_CHALLENGER_SHARE, `must be at most ${MAX_CHALLENGER_SHARE}`)),
    mode: z.enum(ROUTING_MODES),
  })
  .check(
    z.refine((routing) => routing.challenger === undefined || routing.challenger !== routing.champion, {
      path: ['challenger'],
      message: 'must differ from champion',
    }),
  );
export type RiskRouting = z.infer<typeof riskRoutingSchema>;

export interface RoutedVersion {
  version: number;
  variant: RiskVariant;
}

/** Who decides an order, and which version (if any) is scored alongside in shadow. */
export interface Route {
  decider: RoutedVersion;
  shadow?: RoutedVersion;
}

/**
 * FNV-1a over the UTF-16 code units, finished with murmur3's fmix32 so that ids differing in their last characters
 * still spread over the whole range. Stable across processes and platforms; not a security hash.
 */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * The customer's bucket in [0, 1) for one experiment. Salting with the challenger version draws a fresh sample of
 * customers for each new challenger, while a customer keeps the same variant for as long as the routing stands.
 */
export const bucketOf = (customerId: string, challenger: number): number => hash32(`risk-ab:${challenger}:${customerId}`) / 2 ** 32;

/**
 * `split`: customers whose bucket falls below `challengerShare` are decided by the challenger, everyone else by the
 * champion. `shadow`: the champion decides every order and the challenger is scored alongside on every order
 * (`challengerShare` does not apply: a shadow score costs the customer nothing).
 */
export const routeOrder = (routing: RiskRouting, customerId: string): Route => {
  const champion: RoutedVersion = { version: routing.champion, variant: 'champion' };
  if (routing.challenger === undefined) return { decider: champion };
  const challenger: RoutedVersion = { version: routing.challenger, variant: 'challenger' };
  if (routing.mode === 'shadow') return { decider: champion, shadow: challenger };
  return bucketOf(customerId, routing.challenger) < routing.challengerShare ? { decider: challenger } : { decider: champion };
};
