// `npm run keys -- --stage <stage> [--rotate] [--region r]`: creates (or rotates) the access-token signing keys of a
// deployed stage in SSM Parameter Store: the private key set as the SecureString /orderly/<stage>/signing-keys (read
// by the issuing functions only) and its public half as the String /orderly/<stage>/jwks (read by every verifier).
// `npm run keys -- --file .local/keys/signing-keys.json [--rotate]` does the same to the offline key files.
// A rotation appends a key and keeps every older key whose successor is younger than KEY_RETENTION_SECONDS, so a
// token signed by any key a warm container may still use keeps verifying until it expires.
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseArgs } from 'node:util';
import { createOrRotateKeys, KEY_RETENTION_SECONDS, type KeyStore } from '#shared/infrastructure/tokens/key-rotation.ts';
import { parseSigningKeySet } from '#shared/infrastructure/tokens/signing-keys.ts';
import { fileKeyStore } from './local/keys.ts';

const { values } = parseArgs({
  options: {
    stage: { type: 'string' },
    file: { type: 'string' },
    rotate: { type: 'boolean', default: false },
    region: { type: 'string' },
  },
});
if (!values.stage === !values.file) {
  console.error('usage: npm run keys -- (--stage <stage> [--region <region>] | --file <signing-keys.json>) [--rotate]');
  process.exit(2);
}

/** The two parameters of a stage; the public one is a plain String so verifiers need no decryption. */
const ssmKeyStore = (stage: string, region: string): KeyStore & { names: string[] } => {
  const ssm = new SSMClient({ region });
  const privateName = `/orderly/${stage}/signing-keys`;
  const publicName = `/orderly/${stage}/jwks`;
  return {
    names: [privateName, publicName],
    readPrivate: async () => {
      try {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: privateName, WithDecryption: true }));
        return Parameter?.Value ? parseSigningKeySet(Parameter.Value, privateName) : undefined;
      } catch (error) {
        if (error instanceof ParameterNotFound) return undefined;
        throw error;
      }
    },
    writePrivate: async (keys) => {
      await ssm.send(new PutParameterCommand({ Name: privateName, Type: 'SecureString', Overwrite: true, Value: JSON.stringify(keys) }));
    },
    writePublic: async (jwks) => {
      await ssm.send(new PutParameterCommand({ Name: publicName, Type: 'String', Overwrite: true, Value: JSON.stringify(jwks) }));
    },
  };
};

const store = values.file
  ? { ...fileKeyStore(values.file), names: [values.file] }
  : ssmKeyStore(values.stage!, values.region ?? process.env.AWS_REGION ?? 'eu-west-1');
const { action, keys } = await createOrRotateKeys(store, { rotate: values.rotate });
const kids = keys.keys.map((key) => key.kid).join(', ');
console.log(
  action === 'unchanged'
    ? `${store.names.join(' + ')}: unchanged (${keys.keys.length} key(s); public JWKS republished); pass --rotate to add a signing key`
    : `${store.names.join(' + ')}: ${action}; signing with kid ${keys.keys.at(-1)!.kid}, accepting ${kids} ` +
        `(a key is kept until its successor is ${KEY_RETENTION_SECONDS} s old)`,
);
