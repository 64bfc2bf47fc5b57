// Stands in for aws-xray-sdk-core/dist/lib/patchers/promise_p.js (AWSXRay.capturePromise): patches Promise.prototype.then
// to carry the cls-hooked context; only ever called by user code, and the Powertools tracer does not. 0.8 KiB per bundle.
'use strict';

const unsupported = require('./unsupported.cjs');

const capturePromise = unsupported('AWSXRay.capturePromise');
capturePromise.patchThirdPartyPromise = unsupported('AWSXRay.capturePromise.patchThirdPartyPromise');

module.exports = { capturePromise, uncapturePromise: unsupported('AWSXRay.uncapturePromise') };
