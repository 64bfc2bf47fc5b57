// esbuild alias target for `@aws-sdk/credential-provider-node` in Lambda bundles (serverless.yml custom.esbuild.alias).
// Every AWS SDK v3 client imports that package's default chain (environment, SSO, INI files, credential process,
// web identity, container and instance metadata), which bundles the SSO/STS nested clients: about 132 KiB of every
// function (issue 13). A Lambda function has one source of credentials: the runtime puts its execution role's
// credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (Lambda developer guide, "Defined
// runtime environment variables"), which is also where `npm start` puts its local ones (scripts/local/stack.ts) and
// what the SSM reader already signs with (shared/infrastructure/secrets/ssm-parameters.ts). Tests, scripts and tools
// run unbundled and keep the SDK's whole chain. A bundle that must run where credentials are not in the environment
// drops this alias (README, "Performance").
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

type ProviderInit = Parameters<typeof fromEnv>[0];

export const defaultProvider =
  (init?: ProviderInit): AwsCredentialIdentityProvider =>
  async () => {
    try {
      return await fromEnv(init)();
    } catch (error) {
      throw new Error(
        'No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): Lambda bundles read them ' +
          'only from there (infra/esbuild/lambda-credentials.ts).',
        { cause: error },
      );
    }
  };

/** The same rules as the SDK's chain: credentials with an expiry are refreshed five minutes before it. */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
