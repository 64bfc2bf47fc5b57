// esbuild alias target for `semver` (serverless.yml custom.esbuild.alias). Its only importer in our bundles is
// aws-xray-sdk-core's AWS SDK *v2* patcher (patchers/aws_p.js: `semver.gte(AWS.VERSION, '2.7.15')` inside
// captureAWS), which never runs here: we use SDK v3, captured through captureAWSv3Client. The real semver is 28 KiB
// per bundle, required at load. If a bundle ever needs semver for real, drop the alias (bench/README.md).
'use strict';

const unsupported = () => {
  throw new Error('semver is stubbed in Lambda bundles (infra/esbuild/semver-stub.cjs)');
};

module.exports = { gte: unsupported };
