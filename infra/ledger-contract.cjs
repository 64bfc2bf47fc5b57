// LEDGER_CONTRACT as serverless.yml hands it to the ledger functions: the OrderLedger address `npm run chain --
// deploy` printed. Offline the local stack sets it (scripts/local/ledger-chain.ts deploys the contract) and the zero
// address stands in before that. A template for AWS (`package`, `deploy`) requires a real address: the zero address
// would have every anchor transaction sent to nowhere (a transfer to 0x0 succeeds and anchors nothing), and every
// proof checked against a contract that does not exist.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless loads its file resolvers as CommonJS
const { buildsForAws } = require('./deploy-context.cjs');

const ZERO = '0x0000000000000000000000000000000000000000';

module.exports = () => {
  const address = process.env.LEDGER_CONTRACT?.trim();
  if (!buildsForAws) return address || ZERO;
  if (!address) {
    throw new Error('LEDGER_CONTRACT is required to package or deploy: the address of the OrderLedger contract (npm run chain -- deploy)');
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(address) || /^0x0{40}$/.test(address)) {
    throw new Error(
      `LEDGER_CONTRACT must be the 0x-prefixed 20-byte address of the deployed OrderLedger contract, not the zero address; refused: ${address}`,
    );
  }
  return address;
};
