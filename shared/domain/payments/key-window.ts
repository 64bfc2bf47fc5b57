/**
 * Safe late redrive (issue 11). A payment provider honours an idempotency key for a while only (its key window, e.g.
 * 24 h); a retry with the same key after that is a new charge. A message can come back much later (a DLQ keeps it for
 * 14 days): if an earlier attempt captured the money but died before recording it, charging again would take it twice.
 *
 * So a charge that may have been sent longer ago than the key window is looked up before it is sent again. The earliest
 * moment a charge for the order could have been sent is the oldest of what we know: the message's first send and the
 * PAYMENT item's claim (written before any charge). A margin (a tenth of the window, at most an hour) covers clock skew
 * between us and the provider and the time a charge takes.
 */
export interface KeyWindowCheck {
  now: Date;
  /** ISO timestamps that bound the first charge attempt from below; absent ones are ignored. */
  since: ReadonlyArray<string | undefined>;
  /** PAYMENT_PROVIDER_KEY_WINDOW_SECONDS: how long the provider honours an idempotency key. */
  keyWindowSeconds: number;
}

export const keyWindowMarginSeconds = (keyWindowSeconds: number): number => Math.min(3_600, keyWindowSeconds / 10);

/** True when an earlier charge with the order's key may be older than the provider's memory of that key. */
export const mayHaveOutlivedKey = ({ now, since, keyWindowSeconds }: KeyWindowCheck): boolean => {
  const times = since.filter((at): at is string => at !== undefined).map((at) => Date.parse(at));
  if (times.some(Number.isNaN)) return true; // a timestamp we cannot read proves nothing: look it up
  if (times.length === 0) return false;
  const ageSeconds = (now.getTime() - Math.min(...times)) / 1000;
  return ageSeconds >= keyWindowSeconds - keyWindowMarginSeconds(keyWindowSeconds);
};
