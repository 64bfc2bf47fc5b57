// Stands in for aws-xray-sdk-core/dist/lib/segments/plugins/{ec2,ecs,elastic_beanstalk}_plugin.js (AWSXRay.plugins.*):
// they read EC2 instance metadata, the ECS host name or the Beanstalk manifest, and only run when passed to
// AWSXRay.config([...]), which nothing here calls; on Lambda the facade segment is the function's own. The EC2 one
// pulls in segments/plugins/plugin.js (an IMDS HTTP client). 3.4 KiB per bundle.
'use strict';

module.exports = { getData: require('./unsupported.cjs')('AWSXRay.plugins (EC2, ECS, Elastic Beanstalk)') };
