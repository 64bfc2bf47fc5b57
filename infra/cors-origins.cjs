// serverless.yml wants a list; operators set one comma-separated variable, CORS_ALLOWED_ORIGINS.
// Offline it defaults to the local web dev server. A template for AWS (`package`, `deploy`) requires it, and only
// https origins without wildcards: a forgotten variable fails the build instead of shipping localhost.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless loads its file resolvers as CommonJS
const { buildsForAws } = require('./deploy-context.cjs');

const LOCAL_DEFAULT = 'http://localhost:5173';

module.exports = () => {
  const raw = process.env.CORS_ALLOWED_ORIGINS ?? (buildsForAws ? '' : LOCAL_DEFAULT);
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (!buildsForAws) return origins.length > 0 ? origins : [LOCAL_DEFAULT];
  if (origins.length === 0) {
    throw new Error('CORS_ALLOWED_ORIGINS is required to package or deploy: the comma-separated https origins of your web clients');
  }
  const bad = origins.filter((origin) => !/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin));
  if (bad.length > 0)
    throw new Error(`CORS_ALLOWED_ORIGINS must list https origins without paths or wildcards; refused: ${bad.join(', ')}`);
  return origins;
};
