import * as fc from 'fast-check';

// A generated bad-input suite: hostile HTTP requests derived from docs/openapi.json (operations, parameters, request
// body examples and schemas), for every operation and three kinds of caller, from a fixed seed. The e2e test
// (tests/e2e/fuzz.e2e.test.ts) sends them and checks the answers. Requests to operations that change state always carry
// at least one mutation that must be rejected, so "no state change" is checkable for all of them.

type Json = Record<string, unknown>;
export type Caller = 'anonymous' | 'customer' | 'admin';
export const CALLERS: Caller[] = ['anonymous', 'customer', 'admin'];

export interface FuzzTarget {
  operationId: string;
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: Array<{ name: string; required: boolean }>;
  bodyExample?: unknown;
  bodyRequired: string[];
  secured: boolean;
  mutating: boolean;
}

export interface HostileRequest {
  /** The operation it aims at, or `oddMethod:<template>` for a method no operation serves. */
  target: string;
  caller: Caller;
  method: string;
  /** Path and query, already percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What was done to it, for failure messages and the histogram. */
  mutations: string[];
  /** Must be answered 4xx (every request to a state-changing operation, every odd method). */
  mustReject: boolean;
}

/** What the generator needs from the running system: ids that exist, and how to authorise each caller. */
export interface FuzzFixtures {
  productId: string;
  orderId: string;
  userId: string;
  /** Access tokens of a customer and an admin; `forged` variants are derived from them. */
  tokens: { customer: string; admin: string };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const fuzzTargets = (document: Json): FuzzTarget[] => {
  const targets: FuzzTarget[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = ((operation.parameters ?? []) as Json[]).filter((parameter) => !('$ref' in parameter));
      const content = ((operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'];
      targets.push({
        operationId: operation.operationId as string,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name as string),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name as string),
        headerParams: parameters.filter((p) => p.in === 'header').map((p) => ({ name: p.name as string, required: p.required === true })),
        bodyExample: content?.example,
        bodyRequired: ((content?.schema as Json | undefined)?.required as string[] | undefined) ?? [],
        secured: ((operation.security as unknown[] | undefined) ?? []).length > 0,
        mutating: method !== 'get',
      });
    }
  }
  return targets;
};

// --- Value generators --------------------------------------------------------------------------------------------

const ODD_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  'e\u0301\u0301\u0301',
  '💥'.repeat(50),
  '𝕳𝖊𝖑𝖑𝖔',
  "' OR '1'='1",
  '"; DROP TABLE x; --',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\\',
  '',
  ' ',
  '\t\n\r',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '0x10',
  '__proto__',
  'constructor',
];
const NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  -(2 ** 53) - 1,
  Number.MAX_SAFE_INTEGER,
  101,
  1_000_001,
  4_294_967_296,
  5e-324,
];
const NUMERIC_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x1F', '1_000', ' 7 ', '٣'];

const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '\u00e9\u{1F4A5}'.repeat(n)),
);
const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [[]], { $gt: '' }, ...NUMBERS, ...NUMERIC_STRINGS),
  oddString,
  fc.integer({ min: 100, max: 3_000 }).map((depth) => deepNesting(depth)),
);

/** `depth` nested arrays or objects, built without recursion. */
const deepNesting = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

const NON_ULIDS = [
  '01jdq8z7v6m3q2w1e0r9t8y7u6',
  '01JDQ8Z7V6M3Q2W1E0R9T8Y7U',
  '01JDQ8Z7V6M3Q2W1E0R9T8Y7K66',
  '01JDQ8Z7V6M3Q2W1E0R9T8Y7UI',
  'null',
  'undefined',
  '0',
  '-1',
  "1' OR '1'='1",
  '..',
  '.',
  '%2e%2e',
  '\u0000',
  '💥',
  'ＡＢＣ',
  'a'.repeat(1_000),
  '{id}',
  '*',
  '$',
  'ORDER#01JDQ8Z7V6M3Q2W1E0R9T8Y7K6',
];
const randomUlid = fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);

// --- Request pieces ----------------------------------------------------------------------------------------------

type Mutation = { label: string; fatal: boolean; apply: (request: Draft) => void };

interface Draft {
  method: string;
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: unknown;
  /** When set, sent instead of JSON.stringify(body). */
  rawBody?: string;
  omitBody?: boolean;
}

const fieldPaths = (value: unknown, prefix: string[] = []): string[][] => {
  if (!value || typeof value !== 'object' || prefix.length >= 6) return prefix.length > 0 ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return [...(prefix.length > 0 ? [prefix] : []), ...entries.flatMap(([key, item]) => fieldPaths(item, [...prefix, key]))];
};

const setAt = (root: unknown, path: string[], update: (parent: Record<string, unknown>, key: string) => void): void => {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return;
    node = node[key] as Record<string, unknown>;
  }
  if (node && typeof node === 'object') update(node, path[path.length - 1]!);
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

const bodyMutations = (target: FuzzTarget): fc.Arbitrary<Mutation>[] => {
  if (target.bodyExample === undefined) return [];
  const paths = fieldPaths(target.bodyExample);
  const field = paths.length > 0 ? fc.constantFrom(...paths) : fc.constant<string[]>(['x']);
  return [
    fc.tuple(field, wrongValue).map(([path, value]) => ({
      label: 'body.wrongValue',
      fatal: false,
      apply: (draft: Draft) =>
        setAt(draft.body, path, (parent, key) => {
          parent[key] = value;
        }),
    })),
    fc.tuple(field, oddString).map(([path, value]) => ({
      label: 'body.oddString',
      fatal: false,
      apply: (draft: Draft) =>
        setAt(draft.body, path, (parent, key) => {
          parent[key] = value;
        }),
    })),
    fc.tuple(field, fc.constantFrom(...NUMBERS)).map(([path, value]) => ({
      label: 'body.boundaryNumber',
      fatal: false,
      apply: (draft: Draft) =>
        setAt(draft.body, path, (parent, key) => {
          parent[key] = value;
        }),
    })),
    fc.constant({
      label: 'body.nullEverywhere',
      fatal: false,
      apply: (draft: Draft) => {
        for (const path of fieldPaths(draft.body))
          setAt(draft.body, path, (parent, key) => {
            parent[key] = null;
          });
      },
    }),
    ...(target.bodyRequired.length > 0
      ? [
          fc.constantFrom(...target.bodyRequired).map((name) => ({
            label: 'body.missingRequired',
            fatal: true,
            apply: (draft: Draft) => {
              if (isObject(draft.body)) delete draft.body[name];
            },
          })),
        ]
      : []),
    fc
      .tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'roles', 'isAdmin', 'id', 'status', 'stock'), wrongValue)
      .map(([name, value]) => ({
        label: 'body.extraField',
        fatal: true,
        // A body that is no longer an object was made invalid by another fatal mutation already.
        apply: (draft: Draft) => {
          if (isObject(draft.body))
            Object.defineProperty(draft.body, name, { value, enumerable: true, configurable: true, writable: true });
        },
      })),
    fc.constant({
      label: 'body.arrayForObject',
      fatal: true,
      apply: (draft: Draft) => {
        draft.body = [draft.body];
      },
    }),
    fc.constantFrom<unknown>(null, 42, 'text', true, [], deepNesting(3_000)).map((value) => ({
      label: 'body.wrongRoot',
      fatal: true,
      apply: (draft: Draft) => {
        draft.body = value;
      },
    })),
    fc.integer({ min: 64 * 1024 + 1, max: 200 * 1024 }).map((size) => ({
      label: 'body.overLimit',
      fatal: true,
      apply: (draft: Draft) => {
        draft.rawBody = JSON.stringify({ ...(draft.body as object), pad: 'p'.repeat(size) });
      },
    })),
    fc
      .constantFrom(
        '{',
        '{"a":1,}',
        "{'a':1}",
        '{"a":1}{"b":2}',
        '\ufeff{}',
        '[1,2',
        '{"a":NaN}',
        '{"a":1 /* c */}',
        'null x',
        '\u0000',
        '{"a":"\\x41"}',
      )
      .map((raw) => ({
        label: 'body.malformedJson',
        fatal: true,
        apply: (draft: Draft) => {
          draft.rawBody = raw;
        },
      })),
    // Only syntactically valid media types: serverless offline's HTTP server (hapi) rejects one without a slash with its
    // own 400 before any function runs, where API Gateway passes it to the function (a 415). See docs/troubleshooting.md.
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        'text/json',
        '',
      )
      .map((type) => ({
        label: 'header.wrongContentType',
        fatal: true,
        apply: (draft: Draft) => {
          if (type) draft.headers['content-type'] = type;
          else draft.headers['content-type'] = 'application/octet-stream';
        },
      })),
    fc.constant({
      label: 'body.empty',
      fatal: true,
      apply: (draft: Draft) => {
        draft.omitBody = true;
      },
    }),
  ];
};

const pathMutations = (target: FuzzTarget): fc.Arbitrary<Mutation>[] =>
  target.pathParams.length === 0
    ? []
    : [
        fc
          .tuple(
            fc.constantFrom(...target.pathParams),
            fc.oneof(fc.constantFrom(...NON_ULIDS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })),
          )
          .map(([name, value]) => ({
            label: 'path.nonUlid',
            fatal: true,
            apply: (draft: Draft) => {
              draft.pathValues[name] = value;
            },
          })),
        fc.tuple(fc.constantFrom(...target.pathParams), randomUlid).map(([name, value]) => ({
          label: 'path.unknownId',
          fatal: true,
          apply: (draft: Draft) => {
            draft.pathValues[name] = value;
          },
        })),
      ];

const LIMITS = ['0', '-1', '101', '1e2', 'abc', 'NaN', 'Infinity', '', '1.5', ' 5', '0x10', '99999999999999999999', '１０', '5,6'];
const forgedCursor = fc.oneof(
  fc.base64String({ minLength: 4, maxLength: 200 }),
  fc.constantFrom(
    'eyJQSyI6IlVTRVIjMSIsIlNLIjoiUFJPRklMRSJ9',
    Buffer.from('{"PK":{"S":"USER#x"}}').toString('base64url'),
    Buffer.from('not json').toString('base64url'),
    '%%%',
    '..',
    'null',
  ),
  fc.integer({ min: 1_025, max: 3_000 }).map((n) => 'c'.repeat(n)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 50 }),
);

const queryMutations = (target: FuzzTarget): fc.Arbitrary<Mutation>[] => [
  ...(target.queryParams.includes('limit')
    ? [
        fc.constantFrom(...LIMITS).map((value) => ({
          label: 'query.badLimit',
          fatal: false,
          apply: (draft: Draft) => {
            draft.query.push(['limit', value]);
          },
        })),
      ]
    : []),
  ...(target.queryParams.includes('cursor')
    ? [
        forgedCursor.map((value) => ({
          label: 'query.forgedCursor',
          fatal: false,
          apply: (draft: Draft) => {
            draft.query.push(['cursor', value]);
          },
        })),
      ]
    : []),
  ...(target.queryParams.includes('status')
    ? [
        fc.constantFrom('paid', 'SHIPPED,PAID', '', 'UNKNOWN', '*').map((value) => ({
          label: 'query.badStatus',
          fatal: false,
          apply: (draft: Draft) => {
            draft.query.push(['status', value]);
          },
        })),
      ]
    : []),
  fc
    .tuple(
      fc.constantFrom('foo', 'limit', '__proto__', 'cursor[]', 'a'.repeat(300)),
      oddString.filter((value) => value.length < 500),
    )
    .map(([name, value]) => ({
      label: 'query.unknownOrRepeated',
      fatal: false,
      apply: (draft: Draft) => {
        draft.query.push([name, value]);
      },
    })),
];

/** Header values must be what HTTP allows (visible ASCII, space, obs-text 0x80-0xFF); the rest of Unicode is covered in bodies. */
const latin1 = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((code) => code < 0x7f || code >= 0x80)
    .map((code) => String.fromCharCode(code)),
  minLength: 0,
  maxLength: 300,
});

const authMutations = (fixtures: FuzzFixtures): fc.Arbitrary<Mutation>[] => {
  const [header, payload, signature] = fixtures.tokens.customer.split('.') as [string, string, string];
  const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin'] })).toString(
    'base64url',
  );
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${elevated}.`;
  const values = [
    'Bearer',
    'Bearer ',
    'bearer x.y.z',
    'Basic dXNlcjpwYXNz',
    `Bearer ${header}.${elevated}.${signature}`,
    `Bearer ${none}`,
    `Bearer ${header}.${payload}.${signature.slice(0, -2)}AA`,
    `Bearer ${fixtures.tokens.customer} ${fixtures.tokens.admin}`,
    `Bearer ${'a'.repeat(6_000)}.b.c`,
    `Bearer ${header}.${payload}`,
    `Token ${fixtures.tokens.admin}`,
    `Bearer ${fixtures.tokens.admin.toLowerCase()}`,
  ];
  return [
    fc.constantFrom(...values).map((value) => ({
      label: 'header.badAuthorization',
      fatal: true,
      apply: (draft: Draft) => {
        draft.headers.authorization = value;
      },
    })),
    latin1.map((value) => ({
      label: 'header.garbageAuthorization',
      fatal: true,
      apply: (draft: Draft) => {
        draft.headers.authorization = value;
      },
    })),
  ];
};

const headerMutations = (target: FuzzTarget): fc.Arbitrary<Mutation>[] => [
  fc.oneof(latin1, fc.constantFrom('a'.repeat(129), 'has spaces', '<script>', '../x', '', '\u00ff\u00fe')).map((value) => ({
    label: 'header.oddCorrelationId',
    fatal: false,
    apply: (draft: Draft) => {
      draft.headers['x-correlation-id'] = value;
    },
  })),
  ...(target.headerParams.some((header) => header.name === 'idempotency-key')
    ? [
        fc
          .oneof(fc.constantFrom('', 'short', 'x'.repeat(129), 'has space inside', '\u00ff'.repeat(10), 'k'.repeat(4_000)), latin1)
          .map((value) => ({
            label: 'header.badIdempotencyKey',
            fatal: false,
            apply: (draft: Draft) => {
              draft.headers['idempotency-key'] = value;
            },
          })),
        fc.constant({
          label: 'header.missingIdempotencyKey',
          fatal: true,
          apply: (draft: Draft) => {
            delete draft.headers['idempotency-key'];
          },
        }),
      ]
    : []),
];

/** A guaranteed rejection for state-changing operations whose mutations might all have been harmless. */
const anchorFor = (target: FuzzTarget): Mutation => {
  if (target.bodyExample !== undefined)
    return {
      label: 'anchor.extraField',
      fatal: true,
      apply: (draft) => {
        if (isObject(draft.body)) draft.body.fuzz = true;
        else draft.rawBody = '{';
      },
    };
  if (target.pathParams.length > 0)
    return {
      label: 'anchor.nonUlid',
      fatal: true,
      apply: (draft) => {
        draft.pathValues[target.pathParams[0]!] = 'not-a-ulid';
      },
    };
  return {
    label: 'anchor.noToken',
    fatal: true,
    apply: (draft) => {
      delete draft.headers.authorization;
    },
  };
};

const fixtureIdFor = (target: FuzzTarget, fixtures: FuzzFixtures): string =>
  target.template.startsWith('/orders') || target.template.startsWith('/admin/orders')
    ? fixtures.orderId
    : target.template.startsWith('/admin/users')
      ? fixtures.userId
      : fixtures.productId;

const baseBody = (target: FuzzTarget, fixtures: FuzzFixtures): unknown => {
  const body = clone(target.bodyExample);
  if (target.operationId === 'placeOrder') return { lines: [{ productId: fixtures.productId, quantity: 1 }] };
  return body;
};

/** Lone surrogates cannot be percent-encoded (they are not text); they are sent in JSON bodies instead. */
const encode = (value: string) =>
  encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

const render = (target: FuzzTarget, draft: Draft, caller: Caller, mutations: Mutation[], mustReject: boolean): HostileRequest => {
  let path = target.template;
  for (const [name, value] of Object.entries(draft.pathValues)) path = path.replace(`{${name}}`, encode(value));
  const query = draft.query.length > 0 ? `?${draft.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}` : '';
  const hasBody = draft.rawBody !== undefined || (draft.body !== undefined && !draft.omitBody);
  return {
    target: target.operationId,
    caller,
    method: draft.method,
    url: `${path}${query}`,
    headers: draft.headers,
    ...(hasBody ? { body: draft.rawBody ?? JSON.stringify(draft.body) } : {}),
    mutations: mutations.map((mutation) => mutation.label),
    mustReject,
  };
};

const requestsFor = (target: FuzzTarget, fixtures: FuzzFixtures): fc.Arbitrary<HostileRequest> => {
  const pool = [
    ...bodyMutations(target),
    ...pathMutations(target),
    ...queryMutations(target),
    ...headerMutations(target),
    ...(target.secured ? authMutations(fixtures) : []),
  ];
  return fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      mutations: fc.array(fc.oneof(...pool), { minLength: 1, maxLength: 3 }),
      idempotencyKey: fc.uuid(),
    })
    .map(({ caller, mutations, idempotencyKey }) => {
      const draft: Draft = {
        method: target.method,
        pathValues: Object.fromEntries(target.pathParams.map((name) => [name, fixtureIdFor(target, fixtures)])),
        query: [],
        headers: {
          ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${fixtures.tokens[caller]}` }),
          ...(target.bodyExample === undefined ? {} : { 'content-type': 'application/json' }),
          ...(target.headerParams.some((header) => header.name === 'idempotency-key')
            ? { 'idempotency-key': `fuzz-${idempotencyKey}` }
            : {}),
        },
        body: baseBody(target, fixtures),
      };
      // Harmless mutations first, so that a later one never undoes a fatal one (e.g. restores a deleted field).
      const applied = [...mutations.filter((mutation) => !mutation.fatal), ...mutations.filter((mutation) => mutation.fatal)];
      if (target.mutating && !applied.some((mutation) => mutation.fatal)) applied.push(anchorFor(target));
      for (const mutation of applied) mutation.apply(draft);
      return render(target, draft, caller, applied, target.mutating);
    });
};

/** Paths no operation serves at all (the catch-all answers them), next to the odd methods of served paths. */
const UNKNOWN_PATHS = ['/no/such/route', '/orders/{id}/nope', '/admin', '/auth', '/v1/orders', '/.env', '/products/{id}/reviews'];

/** Bodies a request to no operation may carry: none of them is read, so every one is a 404 (never 413, 415 or 400). */
const ODD_BODIES: Array<{ label: string; headers: Record<string, string>; body?: string }> = [
  { label: 'body.none', headers: {} },
  { label: 'body.json', headers: { 'content-type': 'application/json' }, body: '{"roles":["admin"]}' },
  { label: 'body.overLimit', headers: { 'content-type': 'application/json' }, body: `{"pad":"${'p'.repeat(100 * 1024)}"}` },
  { label: 'body.malformedJson', headers: { 'content-type': 'application/json' }, body: '{"a":' },
  { label: 'header.wrongContentType', headers: { 'content-type': 'text/plain' }, body: 'hello' },
];

/** Methods no operation serves on a path, and paths no operation serves: the catch-all must answer a problem+json 404. */
const oddMethodRequests = (targets: FuzzTarget[], fixtures: FuzzFixtures): fc.Arbitrary<HostileRequest> => {
  const byTemplate = new Map<string, FuzzTarget[]>();
  for (const target of targets) byTemplate.set(target.template, [...(byTemplate.get(target.template) ?? []), target]);
  const odd = [
    ...[...byTemplate].flatMap(([template, served]) =>
      METHODS.map((method) => method.toUpperCase())
        .filter((method) => !served.some((target) => target.method === method))
        .map((method) => ({ template, method, pathParams: served[0]!.pathParams })),
    ),
    ...UNKNOWN_PATHS.flatMap((template) =>
      METHODS.map((method) => ({ template, method: method.toUpperCase(), pathParams: template.includes('{id}') ? ['id'] : [] })),
    ),
  ];
  return fc
    .record({ pick: fc.constantFrom(...odd), caller: fc.constantFrom(...CALLERS), body: fc.constantFrom(...ODD_BODIES) })
    .map(({ pick, caller, body }) => {
      const target = { ...targets[0]!, ...pick, operationId: `oddMethod ${pick.method} ${pick.template}` };
      // fetch sends no body with GET.
      const sent = pick.method === 'GET' ? ODD_BODIES[0]! : body;
      const draft: Draft = {
        method: pick.method,
        pathValues: Object.fromEntries(pick.pathParams.map((name) => [name, fixtureIdFor(target, fixtures)])),
        query: [],
        headers: { ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${fixtures.tokens[caller]}` }), ...sent.headers },
        body: undefined,
        ...(sent.body === undefined ? {} : { rawBody: sent.body }),
      };
      const labels = ['method.odd', ...(pick.method === 'GET' ? [] : [sent.label])];
      return render(
        target,
        draft,
        caller,
        labels.map((label) => ({ label, fatal: true, apply: () => undefined })),
        true,
      );
    });
};

/** A deterministic shuffle (mulberry32): requests to every operation interleave, so no function idles long enough to go cold. */
const shuffled = <T>(items: T[], seed: number): T[] => {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
};

export interface FuzzOptions {
  count: number;
  seed: number;
}

/**
 * `count` hostile requests, spread evenly over every operation plus odd methods and unknown paths (one share), in an
 * order shuffled by the seed; deterministic for a seed.
 */
export const hostileRequests = (document: Json, fixtures: FuzzFixtures, { count, seed }: FuzzOptions): HostileRequest[] => {
  const targets = fuzzTargets(document);
  const generators = [...targets.map((target) => requestsFor(target, fixtures)), oddMethodRequests(targets, fixtures)];
  const share = Math.ceil(count / generators.length);
  return shuffled(
    generators.flatMap((generator, index) => fc.sample(generator, { seed: seed + index, numRuns: share })),
    seed,
  );
};
