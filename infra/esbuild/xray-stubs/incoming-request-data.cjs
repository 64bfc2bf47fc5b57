// Stands in for aws-xray-sdk-core/dist/lib/middleware/incoming_request_data.js (AWSXRay.middleware.IncomingRequestData):
// the `http` block of a segment the express/restify middleware opens for an incoming request. On Lambda the runtime
// owns the segment (the SDK only sees a facade), and only that middleware constructs one. 0.8 KiB per bundle.
'use strict';

module.exports = require('./unsupported.cjs')('AWSXRay.middleware.IncomingRequestData');
