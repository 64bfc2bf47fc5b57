// LEDGER_RPC_URL as serverless.yml hands it to the ledger functions. Offline it defaults to the local node
// (127.0.0.1:8545, what `npm start` runs). A template for AWS (`package`, `deploy`) requires it, as an https URL
// that is not a loopback address: a forgotten variable fails the build instead of shipping a localhost RPC, which
// would leave every order event unanchored with nothing but failing schedules to show for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless loads its file resolvers as CommonJS
const { buildsForAws } = require('./deploy-context.cjs');

const LOCAL_DEFAULT = 'http://127.0.0.1:8545';

module.exports = () => {
  const url = process.env.LEDGER_RPC_URL?.trim();
  if (!buildsForAws) return url || LOCAL_DEFAULT;
  if (!url) {
    throw new Error("LEDGER_RPC_URL is required to package or deploy: the https JSON-RPC endpoint of the ledger's chain");
  }
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  if (!/^https:\/\//.test(url) || !host || /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(host)) {
    throw new Error(`LEDGER_RPC_URL must be an https URL of a reachable chain node to package or deploy; refused: ${url}`);
  }
  return url;
};
