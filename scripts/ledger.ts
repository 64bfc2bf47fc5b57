// `npm run ledger -- verify <proof.json> [--rpc URL]`; see scripts/ledger/cli.ts.
import { runLedgerCli } from './ledger/cli.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await runLedgerCli(process.argv.slice(2));
