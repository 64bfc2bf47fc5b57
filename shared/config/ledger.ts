import * as z from '#shared/zod.ts';
import { baseConfigSchema } from '#shared/config.ts';

const optionalString = z.pipe(
  z.transform((value) => (value === '' ? undefined : value)),
  z.optional(z.string().check(z.minLength(1))),
);
const seconds = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

/** The order ledger: which chain and contract, who signs anchors, and how batches and confirmations behave. */
export const ledgerConfigSchema = z.extend(baseConfigSchema, {
  LEDGER_RPC_URL: z.url(),
  LEDGER_CHAIN_ID: z.coerce.number().check(z.int(), z.positive()),
  LEDGER_CONTRACT: z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/, 'must be the 0x-prefixed address of the OrderLedger contract')),
  /** Offline only: a git-ignored file holding the anchor signer's 0x private key. */
  LEDGER_SIGNER_KEY_FILE: optionalString,
  /** In AWS: an SSM SecureString (name) holding the signer's 0x private key, read through Powertools Parameters. */
  LEDGER_SIGNER_KEY_PARAMETER: optionalString,
  LEDGER_CONFIRMATIONS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(1000)), 12),
  /** The contract's deployment block: the listener starts there on its first run. */
  LEDGER_START_BLOCK: z._default(z.coerce.number().check(z.int(), z.gte(0)), 0),
  LEDGER_REORG_DEPTH: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10_000)), 64),
  /** The batch item holds every hash of the batch (about 110 bytes each); DynamoDB items stop at 400 KB. */
  LEDGER_MAX_BATCH: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(2000)), 1000),
  LEDGER_STUCK_AFTER_SECONDS: seconds(5, 3600, 180),
  LEDGER_LEASE_SECONDS: seconds(10, 900, 120),
  LEDGER_RPC_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(30_000)), 5_000),
});
export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;

/** The anchor worker signs: it needs a key source; offline the file wins, a deployed stage has only the parameter. */
export const ledgerSignerConfigSchema = ledgerConfigSchema.check(
  z.refine((env) => env.LEDGER_SIGNER_KEY_FILE || env.LEDGER_SIGNER_KEY_PARAMETER, {
    message: 'Set LEDGER_SIGNER_KEY_FILE (offline) or LEDGER_SIGNER_KEY_PARAMETER (AWS)',
    path: ['LEDGER_SIGNER_KEY_PARAMETER'],
  }),
);
