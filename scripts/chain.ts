// `npm run chain -- compile | deploy [--rpc URL]`; see scripts/chain/cli.ts.
import { runChainCli } from './chain/cli.ts';

process.exitCode = await runChainCli(process.argv.slice(2));
