// Stands in for aws-xray-sdk-core/dist/lib/patchers/aws_p.js (AWSXRay.captureAWS, captureAWSClient): the AWS SDK *v2*
// patcher. We use SDK v3, traced through captureAWSv3Client (patchers/aws3_p.js, kept). 2.3 KiB per bundle.
'use strict';

const unsupported = require('./unsupported.cjs');

module.exports = {
  captureAWS: unsupported('AWSXRay.captureAWS (AWS SDK v2)'),
  captureAWSClient: unsupported('AWSXRay.captureAWSClient (AWS SDK v2)'),
};
