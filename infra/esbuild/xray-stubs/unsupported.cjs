// Shared by the aws-xray-sdk-core stubs (infra/esbuild/plugins.cjs, `xrayLambdaOnly`): a stubbed entry point throws
// with its name, so a call that was thought dead fails loudly instead of silently doing nothing.
'use strict';

module.exports = (what) =>
  function unsupported() {
    throw new Error(`${what} is not in Lambda bundles: stubbed by infra/esbuild/plugins.cjs (xrayLambdaOnly); drop the stub to use it`);
  };
