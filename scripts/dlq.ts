// `npm run dlq -- list | peek <queue> [--max N] | redrive <queue> [--max N] [--stage S] [--aws]`; see scripts/dlq/cli.ts.
import { runDlqCli } from './dlq/cli.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await runDlqCli(process.argv.slice(2));
