// Stands in for aws-xray-sdk-core/dist/lib/database/sql_data.js (AWSXRay.database.SqlData): SQL metadata for the
// MySQL / Postgres patchers (separate packages we do not use). 0.2 KiB per bundle.
'use strict';

module.exports = require('./unsupported.cjs')('AWSXRay.database.SqlData');
