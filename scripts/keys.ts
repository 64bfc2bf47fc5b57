// `npm run keys -- --stage <stage> [--rotate] [--region r]`: creates (or rotates) the access-token signing keys of a
// deployed stage in SSM Parameter Store as a SecureString. Run once before the first deploy, and to rotate:
// a rotation appends a key, so tokens signed by the previous key keep verifying until they expire.
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseArgs } from 'node:util';
import { generateSigningKey, parseSigningKeySet, type SigningKeySet } from '#shared/infrastructure/tokens/signing-keys.ts';

const KEEP_KEYS = 2;

const { values } = parseArgs({
  options: { stage: { type: 'string' }, rotate: { type: 'boolean', default: false }, region: { type: 'string' } },
});
if (!values.stage) {
  console.error('usage: npm run keys -- --stage <stage> [--rotate] [--region <region>]');
  process.exit(2);
}
const name = `/orderly/${values.stage}/signing-keys`;
const ssm = new SSMClient({ region: values.region ?? process.env.AWS_REGION ?? 'eu-west-1' });

const current = async (): Promise<SigningKeySet | undefined> => {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return Parameter?.Value ? parseSigningKeySet(Parameter.Value, name) : undefined;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
};

const existing = await current();
if (existing && !values.rotate) {
  console.log(`${name} already holds ${existing.keys.length} key(s); pass --rotate to add a new signing key`);
  process.exit(0);
}
const keys = [...(existing?.keys ?? []), generateSigningKey()].slice(-KEEP_KEYS);
await ssm.send(new PutParameterCommand({ Name: name, Type: 'SecureString', Overwrite: true, Value: JSON.stringify({ keys }) }));
console.log(
  `${name}: ${existing ? 'rotated' : 'created'}; signing with kid ${keys.at(-1)!.kid}, accepting ${keys.map((key) => key.kid).join(', ')}`,
);
