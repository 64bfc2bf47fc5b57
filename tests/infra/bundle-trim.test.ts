import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NormalizedSchema } from '@smithy/core/schema';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, loadServiceConfig, NODE_BIN, ROOT, type FunctionSpec, type ServiceConfig } from '../../bench/config.ts';

// The esbuild plugins of the Lambda bundles (infra/esbuild/plugins.cjs) stub modules of aws-xray-sdk-core and the AWS
// SDK that are dead on Lambda. This builds a real function with the deployment's esbuild options (from `serverless
// print`, as the bench does), runs it in a child Node 22 in Lambda mode with active tracing (sampled trace header, the
// X-Ray daemon on a UDP socket of this test) against a local DynamoDB stub, and checks the subsegment the daemon gets.

const require = createRequire(import.meta.url);
const plugins = require('../../infra/esbuild/plugins.cjs') as esbuild.Plugin[] & {
  internals: {
    PACKAGE_INFO: RegExp;
    dependencyServices: () => string[];
    pruneWhitelist: (whitelist: Whitelist, services: string[]) => Whitelist;
    whitelistKeyOf: (pkg: string) => string;
  };
};
type Whitelist = { services: Record<string, unknown> };

const FUNCTION = 'getProduct';
const TRACE_ROOT = '1-6650f1a2-0123456789abcdef01234567';
const TRACE_PARENT = '53995c3f42cd8ad8';

interface XraySubsegment {
  name: string;
  id: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number } };
  fault?: boolean;
  error?: boolean;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('Lambda bundles built with infra/esbuild/plugins.cjs', () => {
  let service: ServiceConfig;
  let fn: FunctionSpec;
  let dir: string;
  let bundle: string;
  let metafile: esbuild.Metafile;

  beforeAll(async () => {
    service = await loadServiceConfig('dev');
    const spec = service.functions.find((f) => f.name === FUNCTION);
    if (!spec) throw new Error(`no function ${FUNCTION} in serverless print`);
    fn = spec;
    dir = mkdtempSync(path.join(tmpdir(), 'orderly-bundle-trim-'));
    const result = await esbuild.build({
      ...service.esbuildOptions,
      absWorkingDir: ROOT,
      entryPoints: { [FUNCTION]: fn.entry },
      outdir: dir,
      metafile: true,
      logLevel: 'silent',
    });
    metafile = result.metafile;
    const out = Object.keys(result.metafile.outputs).find((k) => !k.endsWith('.map'));
    if (!out) throw new Error('esbuild produced no output');
    bundle = path.resolve(ROOT, out);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes its plugins from serverless.yml: the stand-ins are in, the dead modules out', () => {
    expect(service.esbuildOptions.plugins?.map((p) => p.name)).toEqual(plugins.map((p) => p.name));
    // What the bundle carries (esbuild also lists files it parsed and shook out entirely, at 0 bytes).
    const output = Object.values(metafile.outputs).find((o) => Object.keys(o.inputs).length > 0);
    const inputs = Object.entries(output?.inputs ?? {})
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'infra/esbuild/xray-stubs/middleware.cjs',
        'infra/esbuild/xray-stubs/aws-sdk-v2-patcher.cjs',
        'infra/esbuild/xray-stubs/segment-plugin.cjs',
        'infra/esbuild/event-streams-stub.mjs',
        'infra/esbuild/sha256-js-stub.mjs',
      ]),
    );
    const dead = inputs.filter((input) =>
      /aws-xray-sdk-core\/dist\/lib\/(middleware|segments\/plugins|database)\/|patchers\/(aws_p|promise_p)\.js|submodules\/event-streams\/|sha256\/Sha256Js\.js/.test(
        input,
      ),
    );
    expect(dead).toEqual([]);
    // Kept: the SDK v3 patcher, the whitelist reader, the Lambda facade.
    expect(inputs).toEqual(
      expect.arrayContaining([
        'node_modules/aws-xray-sdk-core/dist/lib/patchers/aws3_p.js',
        'node_modules/aws-xray-sdk-core/dist/lib/patchers/call_capturer.js',
        'node_modules/aws-xray-sdk-core/dist/lib/env/aws_lambda.js',
      ]),
    );
  });

  it('imports node:http through require, not as ESM (its ESM facade loads undici at link time)', () => {
    const esmImports = readFileSync(bundle, 'utf8').match(/\bfrom\s*["'](?:node:)?https?["']/g) ?? [];
    // https has no such getters: its ESM import stays; http is only ever required.
    expect(esmImports.filter((found) => !/https/.test(found))).toEqual([]);
  });

  it('on Lambda with active tracing, sends the DynamoDB call’s subsegment with its AWS metadata to the X-Ray daemon', async () => {
    const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
    const dynamo = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        // GetItem of an id that is not there: the function answers 404.
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQ-TRIM-1' });
        res.end('{}');
      });
    });
    const daemon: Socket = createSocket('udp4');
    const documents: XraySubsegment[] = [];
    daemon.on('message', (message) => {
      const [header, document] = message.toString().split('\n');
      expect(JSON.parse(header ?? '')).toEqual({ format: 'json', version: 1 });
      documents.push(JSON.parse(document ?? '') as XraySubsegment);
    });
    const daemonPort = await new Promise<number>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve(daemon.address().port)));
    const dynamoPort = await listen(dynamo);
    try {
      const runner = path.join(dir, 'invoke.mjs');
      writeFileSync(
        runner,
        `const { handler } = await import(${JSON.stringify(bundle)});
const event = JSON.parse(${JSON.stringify(readFileSync(path.join(ROOT, 'events/http/getProduct.json'), 'utf8'))});
const context = { functionName: 'orderly-dev-getProduct', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:orderly-dev-getProduct',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678', logGroupName: '/aws/lambda/orderly-dev-getProduct',
  logStreamName: 'trim', callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 5000 };
const response = await handler(event, context);
console.error('RESPONSE ' + JSON.stringify(response));
const { default: http } = await import('node:http');
const { default: https } = await import('node:https');
console.error('PATCHED ' + JSON.stringify({ http: typeof http.__request, https: typeof https.__request }));
setTimeout(() => process.exit(0), 300);
`,
      );
      const env = childEnv(service, fn, {
        // What Lambda sets for a function with active tracing (provider.tracing.lambda) on nodejs22.x.
        LAMBDA_TASK_ROOT: dir,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_LAMBDA_FUNCTION_NAME: 'orderly-dev-getProduct',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        _HANDLER: fn.handler,
        _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=${TRACE_PARENT};Sampled=1`,
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemonPort}`,
        AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
        POWERTOOLS_TRACE_ENABLED: 'true',
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
      });
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(NODE_BIN, [runner], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('close', (exit) => resolve({ code: exit, stderr: err }));
      });
      expect(code, stderr.slice(-2000)).toBe(0);
      expect(stderr).toMatch(/RESPONSE \{"statusCode":404/);
      // The tracer's captureHTTPsGlobal patched the very modules the process uses, also with node:http required
      // rather than imported (plugins.cjs `httpWithoutEsmFacade`).
      expect(stderr).toContain('PATCHED {"http":"function","https":"function"}');
      await expect.poll(() => documents.find((d) => d.name === 'DynamoDB'), { timeout: 5_000 }).toBeDefined();

      const call = documents.find((d) => d.name === 'DynamoDB') as XraySubsegment;
      expect(call).toMatchObject({
        type: 'subsegment',
        trace_id: TRACE_ROOT,
        namespace: 'aws',
        aws: {
          operation: 'GetItem',
          region: 'eu-west-1',
          request_id: 'REQ-TRIM-1',
          // From the X-Ray whitelist's DynamoDB entry (GetItem: TableName → table_name).
          table_name: env.TABLE_NAME,
        },
        http: { response: { status: 200 } },
      });
      expect(call.fault ?? false).toBe(false);
      // Its parent is the handler's subsegment (Powertools' captureLambdaHandler), sent too.
      expect(documents.find((d) => d.id === call.parent_id)?.name).toBe('## functions/catalog/get-product/handler.handler');

      // The call itself went out with the subsegment as its parent, and with the client's version in the user agent
      // (the one field of its package.json the SDK reads).
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(request?.headers['x-amzn-trace-id']).toBe(`Root=${TRACE_ROOT};Parent=${call.id};Sampled=1`);
      const { version } = require('@aws-sdk/client-dynamodb/package.json') as { version: string };
      expect(request?.headers['user-agent']).toContain(`api/dynamodb#${version}`);
    } finally {
      dynamo.close();
      daemon.close();
    }
  }, 60_000);
});

describe('what the plugins rely on', () => {
  /** The AWS SDK clients a bundle can carry: package.json dependencies, and whatever bundled code imports. */
  const bundledClients = (): string[] => {
    const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const clients = new Set(Object.keys(dependencies).filter((name) => name.startsWith('@aws-sdk/client-')));
    for (const folder of ['functions', 'shared']) {
      for (const file of readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
        for (const [, name] of readFileSync(path.join(ROOT, folder, file), 'utf8').matchAll(/from '(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
          if (name) clients.add(name);
        }
      }
    }
    return [...clients].sort();
  };

  /** Operations of a client whose input or output has an event-stream member, decided as the SDK decides it (Command). */
  const eventStreamOperations = async (client: string): Promise<string[]> => {
    const module = (await import(client)) as Record<string, unknown>;
    const commands = Object.entries(module).filter(([name, value]) => /^[A-Z]\w*Command$/.test(name) && typeof value === 'function');
    expect(commands.length, client).toBeGreaterThan(0);
    return commands
      .filter(([name, Command]) => {
        const schema = new (Command as new (input: object) => { schema?: unknown[] })({}).schema;
        if (!Array.isArray(schema) || schema[0] !== 9) throw new Error(`${client} ${name}: no operation schema to check`);
        const [, , , , input, output] = schema;
        return Boolean(
          NormalizedSchema.of(input as never).getEventStreamMember() || NormalizedSchema.of(output as never).getEventStreamMember(),
        );
      })
      .map(([name]) => name);
  };

  it('no AWS SDK client a bundle can carry has an event-stream operation (@smithy/core/event-streams is stubbed)', async () => {
    const clients = bundledClients();
    expect(clients).toEqual(expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs']));
    for (const client of clients) expect(await eventStreamOperations(client), client).toEqual([]);
  });

  it('would see one: Lambda’s InvokeWithResponseStream', async () => {
    expect(await eventStreamOperations('@aws-sdk/client-lambda')).toContain('InvokeWithResponseStreamCommand');
  });

  it('keeps the X-Ray whitelist entry of every client in package.json unchanged, and drops the others', () => {
    const whitelist = require('aws-xray-sdk-core/dist/lib/resources/aws_whitelist.json') as Whitelist;
    const services = plugins.internals.dependencyServices();
    expect(services).toEqual(expect.arrayContaining(['dynamodb', 'sqs']));
    const pruned = plugins.internals.pruneWhitelist(whitelist, services);
    const kept = Object.keys(whitelist.services).filter((service) => services.includes(service));
    expect(Object.keys(pruned.services)).toEqual(kept);
    for (const service of kept) expect(JSON.stringify(pruned.services[service])).toBe(JSON.stringify(whitelist.services[service]));
    // The key aws3_p derives from a client ("DynamoDBClient" → "dynamodb") is the package's name without dashes.
    expect(plugins.internals.whitelistKeyOf('@aws-sdk/client-sagemaker-runtime')).toBe('sagemakerruntime');
  });

  it('trims package.json files whose packages read only name and version from them', () => {
    const packages = ['aws-xray-sdk-core', '@aws-sdk/nested-clients', ...bundledClients()];
    for (const pkg of packages) {
      const root = path.join(ROOT, 'node_modules', pkg);
      expect(plugins.internals.PACKAGE_INFO.test(path.join(root, 'package.json')), pkg).toBe(true);
      for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!/^dist(-es)?\//.test(file) || !file.endsWith('.js')) continue;
        const source = readFileSync(path.join(root, file), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        if (!source.includes('package.json')) continue;
        const binding = /(?:import (\w+) from|(\w+) = require\()\s*["'](?:\.\.\/)+package\.json["']/.exec(source);
        const name = binding?.[1] ?? binding?.[2];
        expect(name, `${pkg}/${file} reads its package.json some other way`).toBeDefined();
        // Every property read is name or version, and the binding is used for nothing else (declared, assigned, read).
        for (const [, field] of source.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))) {
          expect(['name', 'version'], `${pkg}/${file}: ${name}.${field}`).toContain(field);
        }
        const bare = [...source.matchAll(new RegExp(`\\b${name}\\b(?!\\s*=[^=]|\\.)`, 'g'))];
        expect(bare, `${pkg}/${file}: ${name} used whole`).toHaveLength(binding?.[1] ? 1 : 0);
      }
    }
  });

  it('has X-Ray stand-ins that throw with their name, but for the one call the SDK makes on Lambda', () => {
    const stubs = path.join(ROOT, 'infra/esbuild/xray-stubs');
    const middleware = require(path.join(stubs, 'middleware.cjs')) as Record<string, (...args: unknown[]) => unknown>;
    expect(() => middleware.disableCentralizedSampling?.()).not.toThrow();
    expect(() => middleware.setSamplingRules?.({})).toThrow(/AWSXRay\.middleware\.setSamplingRules.*infra\/esbuild\/plugins\.cjs/);
    const v2 = require(path.join(stubs, 'aws-sdk-v2-patcher.cjs')) as Record<string, () => unknown>;
    expect(() => v2.captureAWS?.()).toThrow(/AWSXRay\.captureAWS/);
    const plugin = require(path.join(stubs, 'segment-plugin.cjs')) as { getData: () => unknown };
    expect(() => plugin.getData()).toThrow(/AWSXRay\.plugins/);
  });
});
