// Variables that only make sense on this machine: key files, emulator endpoints, local queue URLs, a fast scrypt
// cost, the emulator's plaintext API key, the local cursor signing secret. serverless.yml reads each through here
// (`${file(infra/local-only.cjs):NAME, <deployed value>}`), never through `${env:...}`, so a deploy from a shell that
// exported `.env` cannot hand them to Lambda. Under `serverless offline` (or `invoke local`) they pass; under
// `package` they are dropped with a warning naming each; `deploy` refuses to run while any is set.
// tests/infra/stage-hygiene.test.ts packages with all of them set and checks none reaches the template.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless loads its file resolvers as CommonJS
const { buildsForAws, command, runsLocally } = require('./deploy-context.cjs');

const LOCAL_ONLY = [
  'DYNAMODB_ENDPOINT',
  'SQS_ENDPOINT',
  'SIGNING_KEYS_FILE',
  'JWKS_FILE',
  'FIELD_KEYS_FILE',
  'FIELD_KMS_KEY_ID',
  'LEDGER_SIGNER_KEY_FILE',
  'PASSWORD_SCRYPT_LOG_N',
  'PAYMENT_PROVIDER_API_KEY',
  'CATALOG_CURSOR_SECRET',
  'WEBSOCKET_URL',
  'WEBSOCKET_MANAGEMENT_ENDPOINT',
  'HEALTH_QUEUE_URL',
  'QUEUE_URL_PAYMENTS',
  'QUEUE_URL_NOTIFICATIONS',
  'QUEUE_URL_RISK',
  'PAYMENTS_DLQ_URL',
  'RISK_DLQ_URL',
  'NOTIFICATIONS_DLQ_URL',
  'EVENTS_PUBLISHER_FAILURE_QUEUE_URL',
  'CATALOG_CACHE_INVALIDATION_FAILURE_QUEUE_URL',
  'PROBE_DLQ_URL',
];

let reported = false;

module.exports = () => {
  const present = LOCAL_ONLY.filter((name) => process.env[name] !== undefined);
  if (runsLocally) return Object.fromEntries(present.map((name) => [name, process.env[name]]));
  if (buildsForAws && present.length > 0 && !reported) {
    reported = true;
    const message = `local-only variable(s) ${present.join(', ')} set in this shell`;
    if (command.startsWith('deploy')) {
      throw new Error(`Refusing to deploy: ${message}. They are for serverless offline only; unset them (e.g. open a shell without .env).`);
    }
    process.emitWarning(`Ignoring ${message}: they are for serverless offline only and do not reach the template.`);
  }
  // Every name resolves to null: serverless.yml's fallback (the deployed value) applies.
  return Object.fromEntries(LOCAL_ONLY.map((name) => [name, null]));
};
module.exports.LOCAL_ONLY = LOCAL_ONLY;
