// esbuild plugins of the Lambda bundles: serverless.yml `custom.esbuild.plugins` points here (serverless-esbuild
// requires this file and passes the array to esbuild), and bench/config.ts loads the same file, so the bench measures
// what deploys. Each plugin removes code that is dead on Lambda and that `alias` cannot reach (relative requires inside
// a package, a JSON resource); every stand-in throws with its name if it is ever called. Sizes are bytes of the
// minified bundles (issue 13, "lighter bundles"); tests/infra/bundle-trim.test.ts builds a bundle with them and checks
// that a traced AWS SDK call still sends its subsegment, with the AWS metadata, to the X-Ray daemon.
'use strict';

const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const STUBS = path.join(__dirname, 'xray-stubs');
const XRAY_LIB = /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]/;
const PACKAGE_INFO = /[\\/]node_modules[\\/](?:aws-xray-sdk-core|@aws-sdk[\\/](?:client-[^\\/]+|nested-clients))[\\/]package\.json$/;

/**
 * aws-xray-sdk-core (under the Powertools tracer) loads every module its AWSXRay object exposes. These are dead on
 * Lambda with SDK v3: 20.8 KiB of modules for 1.3 KiB of stand-ins, 19.5 KiB less in every bundle (the KiB of each
 * module are in its stub):
 * - middleware/mw_utils.js and with it middleware/sampling/* (express-style middleware and sampling rules),
 * - middleware/incoming_request_data.js (that middleware's request data),
 * - segments/plugins/* (EC2 / ECS / Elastic Beanstalk metadata for AWSXRay.config),
 * - patchers/aws_p.js (the AWS SDK v2 patcher), patchers/promise_p.js (AWSXRay.capturePromise),
 * - database/sql_data.js (SQL metadata for the MySQL / Postgres patchers).
 * Kept: the SDK v3 patcher (aws3_p), the HTTP patcher, segments, context, emitter, Lambda facade.
 */
const XRAY_STUBS = {
  'middleware/mw_utils': 'middleware.cjs',
  'middleware/incoming_request_data': 'incoming-request-data.cjs',
  'segments/plugins/ec2_plugin': 'segment-plugin.cjs',
  'segments/plugins/ecs_plugin': 'segment-plugin.cjs',
  'segments/plugins/elastic_beanstalk_plugin': 'segment-plugin.cjs',
  'patchers/aws_p': 'aws-sdk-v2-patcher.cjs',
  'patchers/promise_p': 'promise-patcher.cjs',
  'database/sql_data': 'sql-data.cjs',
};

/** @type {import('esbuild').Plugin} */
const xrayLambdaOnly = {
  name: 'orderly-xray-lambda-only',
  setup(build) {
    build.onResolve({ filter: /(?:mw_utils|incoming_request_data|_plugin|aws_p|promise_p|sql_data)(?:\.js)?$/ }, (args) => {
      const lib = XRAY_LIB.exec(`${args.resolveDir}${path.sep}`);
      if (!lib) return undefined;
      // `require('../middleware/mw_utils')` in dist/lib/env/aws_lambda.js → `middleware/mw_utils`.
      const libDir = args.resolveDir.slice(0, lib.index + lib[0].length);
      const target = path.relative(libDir, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/').replace(/\.js$/, '');
      const stub = XRAY_STUBS[target];
      return stub ? { path: path.join(STUBS, stub) } : undefined;
    });
  },
};

/**
 * The AWS SDK's protocols import `@smithy/core/event-streams` dynamically (HttpProtocol.loadEventStreamCapability), for
 * operations with an event-stream member only; esbuild bundles it anyway. None of our clients (DynamoDB, SQS, KMS,
 * API Gateway Management API) has one: tests/infra/bundle-trim.test.ts fails if a client in package.json ever does.
 * 18.9 KiB less in every SDK bundle: the submodule (14.6 KiB), the CRC32 of @smithy/core/checksum that only its codec
 * uses (0.8 KiB), and about 3 KiB of esbuild's lazy-initialisation wrappers (`init_*()`) around the @smithy/core
 * modules the dynamically imported graph shared with the rest, which are now plain hoisted modules.
 */
/** @type {import('esbuild').Plugin} */
const noEventStreams = {
  name: 'orderly-no-event-streams',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({ path: path.join(__dirname, 'event-streams-stub.mjs') }));
  },
};

/**
 * @smithy/core's Sha256Node (the SDK's signer and checksum hash on Node) falls back to a pure-JS SHA-256 when
 * node:crypto cannot hash SHA-256, which Lambda's Node always can. Only that import is redirected: an explicit
 * import of Sha256Js still gets the real one. 3.1 KiB less in every SDK bundle.
 */
/** @type {import('esbuild').Plugin} */
const nativeSha256Only = {
  name: 'orderly-native-sha256-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/Sha256Js(?:\.js)?$/ }, (args) =>
      /[\\/]@smithy[\\/]core[\\/]dist-[a-z]+[\\/]submodules[\\/]checksum[\\/]sha256[\\/]Sha256Node\.js$/.test(args.importer)
        ? { path: path.join(__dirname, 'sha256-js-stub.mjs') }
        : undefined,
    );
  },
};

/** `@aws-sdk/client-sagemaker-runtime` → `sagemakerruntime`: the key aws-xray-sdk-core's whitelist uses for a client. */
const whitelistKeyOf = (pkg) => pkg.replace(/^@aws-sdk\/client-/, '').replace(/-/g, '');

/** The X-Ray whitelist keys of the AWS SDK clients the service depends on (package.json `dependencies`). */
const dependencyServices = () => {
  const { dependencies = {} } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return Object.keys(dependencies)
    .filter((name) => name.startsWith('@aws-sdk/client-'))
    .map(whitelistKeyOf);
};

/** The whitelist with only the given services, each entry as the SDK ships it. */
const pruneWhitelist = (whitelist, services) => ({
  ...whitelist,
  services: Object.fromEntries(Object.entries(whitelist.services).filter(([service]) => services.includes(service))),
});

/**
 * aws-xray-sdk-core's resources/aws_whitelist.json lists, per service and operation, the request and response
 * parameters recorded on an AWS SDK subsegment (DynamoDB table name, SQS queue URL...). It ships entries for S3 (7 KiB
 * alone), SNS, Lambda and SageMaker Runtime too; the bundles keep the entries of the clients in package.json
 * `dependencies` (today DynamoDB and SQS; KMS and API Gateway Management API have none), unchanged. 6.9 KiB less in
 * every bundle (10.4 to 3.4 KiB).
 * A client added to `dependencies` keeps its entry automatically; AWSXRay.setAWSWhitelist / appendAWSWhitelist still work.
 */
/** @type {import('esbuild').Plugin} */
const xrayWhitelistOfOurClients = {
  name: 'orderly-xray-whitelist',
  setup(build) {
    build.onLoad({ filter: /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/ }, (args) => ({
      contents: JSON.stringify(pruneWhitelist(JSON.parse(readFileSync(args.path, 'utf8')), dependencyServices())),
      loader: 'json',
    }));
  },
};

/**
 * These packages import their whole package.json for its version (and name): aws-xray-sdk-core (the segments' `aws.xray`
 * block, 1.6 KiB) and every AWS SDK client (`packageInfo.version` in the user agent, runtimeConfig.js; DynamoDB 2.3 KiB,
 * SQS 2.4, KMS 1.9, API Gateway Management API 1.9, the nested SSO/STS clients 3.5). The bundles carry just `name` and
 * `version`; tests/infra/bundle-trim.test.ts checks that those packages read no other field. 1.6 KiB less in every
 * bundle, 3.8 with the DynamoDB client, 8.0 with the DynamoDB, SQS and API Gateway Management API clients.
 */
/** @type {import('esbuild').Plugin} */
const packageVersionOnly = {
  name: 'orderly-package-version-only',
  setup(build) {
    build.onLoad({ filter: PACKAGE_INFO }, (args) => {
      const { name, version } = JSON.parse(readFileSync(args.path, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/**
 * node:http imported as ESM costs every bundle about 25 ms of cold start (10% of a typical function's): Node builds the
 * ESM facade of a builtin by reading every export, and node:http's exports include Node 22's lazy `WebSocket`,
 * `CloseEvent` and `MessageEvent` getters, so the facade loads all of undici (fetch, WebSocket, its HTTP/1 and HTTP/2
 * clients) while the bundle links. Only the Powertools tracer imports it that way (`import http from 'node:http'` in
 * provider/ProviderService.js, for captureHTTPsGlobal). `require('node:http')` (the bundles' banner defines `require`)
 * returns the same module object without a facade, so undici loads only if something uses it; esbuild's interop gives
 * the default and named exports. Measured paired, 20 pairs (farm-bench): placeOrder 244 → 218 ms, 1.18x → 1.04x the
 * bare client. tests/infra/bundle-trim.test.ts checks that no bundle imports node:http as ESM and that the tracer still
 * patches it.
 */
/** @type {import('esbuild').Plugin} */
const httpWithoutEsmFacade = {
  name: 'orderly-http-without-esm-facade',
  setup(build) {
    build.onResolve({ filter: /^(?:node:)?http$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'node:http', namespace: 'orderly-http-cjs' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'orderly-http-cjs' }, () => ({
      contents: "module.exports = require('node:http');",
      loader: 'js',
    }));
  },
};

module.exports = [xrayLambdaOnly, noEventStreams, nativeSha256Only, xrayWhitelistOfOurClients, packageVersionOnly, httpWithoutEsmFacade];
module.exports.internals = { XRAY_STUBS, PACKAGE_INFO, dependencyServices, pruneWhitelist, whitelistKeyOf };
