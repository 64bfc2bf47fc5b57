// Stands in for aws-xray-sdk-core/dist/lib/middleware/mw_utils.js (AWSXRay.middleware) and so drops the whole sampling
// machinery it requires (middleware/sampling/*: the default sampler, the rule and target pollers that call the X-Ray
// daemon's sampling API, the rule cache, the local sampler and its reservoir): 2.1 KiB + 12.6 KiB per bundle.
//
// mw_utils is the support of the express/restify-style middleware packages (aws-xray-sdk-express, -restify): naming
// and opening a segment per incoming request and deciding whether to sample it (`sampler.shouldSample`, called only by
// `resolveSampling` below). On Lambda the runtime opens the segment and decides the sampling (`Sampled=` of
// _X_AMZN_TRACE_ID), the SDK only sees a facade segment, and neither the Powertools tracer nor our code calls any of
// this. The SDK itself calls one function, from env/aws_lambda.js at load on Lambda: `disableCentralizedSampling()`,
// which swaps the middleware's sampler for the local one so that the centralized pollers never start. With no
// middleware and no sampler bundled there is nothing to swap or start, so it is the one function that does nothing.
'use strict';

const unsupported = require('./unsupported.cjs');

module.exports = {
  disableCentralizedSampling() {},
  enableDynamicNaming: unsupported('AWSXRay.middleware.enableDynamicNaming'),
  processHeaders: unsupported('AWSXRay.middleware.processHeaders'),
  resolveName: unsupported('AWSXRay.middleware.resolveName'),
  resolveSampling: unsupported('AWSXRay.middleware.resolveSampling (X-Ray sampling rules)'),
  setDefaultName: unsupported('AWSXRay.middleware.setDefaultName'),
  setSamplingRules: unsupported('AWSXRay.middleware.setSamplingRules (X-Ray sampling rules)'),
  middlewareLog: unsupported('AWSXRay.middleware.middlewareLog'),
  traceRequestResponseCycle: unsupported('AWSXRay.middleware.traceRequestResponseCycle'),
};
