// PAYMENT_PROVIDER_URL as serverless.yml hands it to the payments worker. Offline it is the emulator (plain http on
// 127.0.0.1); a template for AWS (`package`, `deploy`) takes https only, so the API key and card charges never
// travel in clear text. The adapter also refuses redirects (shared/infrastructure/payments/http-payment-provider.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless loads its file resolvers as CommonJS
const { buildsForAws } = require('./deploy-context.cjs');

module.exports = () => {
  const url = process.env.PAYMENT_PROVIDER_URL || 'https://payments.invalid';
  if (buildsForAws && !/^https:\/\/[^/]/.test(url)) {
    throw new Error(`PAYMENT_PROVIDER_URL must be an https URL to package or deploy; refused: ${url}`);
  }
  return url;
};
