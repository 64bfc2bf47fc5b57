/**
 * Lambda event filtering (the EventBridge pattern subset event source mappings accept): every key
 * of a pattern must match, a list matches when any entry does, and several patterns are OR-ed.
 * Supported rules: literal values, { exists }, { prefix }, { 'anything-but' }; anything else throws
 * rather than silently letting records through or dropping them.
 */
export const matchesFilterPatterns = (record: unknown, patterns: Record<string, unknown>[] | undefined): boolean =>
  !patterns || patterns.length === 0 || patterns.some((pattern) => matchesObject(record, normalisePattern(pattern)));

/** serverless accepts patterns as objects; CloudFormation's `{ Pattern: '<json>' }` form is accepted too. */
const normalisePattern = (pattern: Record<string, unknown>): Record<string, unknown> =>
  typeof pattern.Pattern === 'string' ? (JSON.parse(pattern.Pattern) as Record<string, unknown>) : pattern;

const matchesObject = (value: unknown, pattern: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([key, expected]) => {
    const actual = isObject(value) ? value[key] : undefined;
    if (Array.isArray(expected)) return expected.some((rule) => matchesRule(actual, rule));
    if (isObject(expected)) return matchesObject(actual, expected);
    throw new Error(`unsupported filter pattern at "${key}": leaves must be lists`);
  });

const matchesRule = (actual: unknown, rule: unknown): boolean => {
  if (!isObject(rule)) return rule === null ? actual === null : actual === rule;
  if ('exists' in rule) return (actual !== undefined) === rule.exists;
  if (typeof rule.prefix === 'string') return typeof actual === 'string' && actual.startsWith(rule.prefix);
  if ('anything-but' in rule) {
    const excluded = Array.isArray(rule['anything-but']) ? rule['anything-but'] : [rule['anything-but']];
    return actual !== undefined && !excluded.includes(actual);
  }
  throw new Error(`unsupported filter rule ${JSON.stringify(rule)}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
