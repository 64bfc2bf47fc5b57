import { fromEnv } from '@aws-sdk/credential-provider-env';
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import type { GetOptionsInterface } from '@aws-lambda-powertools/parameters/base/types';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * SSM GetParameter without `@aws-sdk/client-ssm` (77 KiB in every function that reads a parameter, for one call).
 * Powertools' BaseProvider keeps what its SSMProvider gives us (per-container cache with `maxAge`, `forceFetch`,
 * errors wrapped as GetParameterError); the request is signed by the SDK's own SigV4 signer
 * (`@smithy/signature-v4`) with the Lambda runtime's credentials from the environment. The wire format is the one
 * the SDK client sends (AWS JSON 1.1); `ssm-parameters.test.ts` holds the two side by side.
 */

/** Throttling and server errors are retried (the SDK's standard mode does the same, 3 attempts in all). */
const RETRYABLE = new Set(['ThrottlingException', 'TooManyUpdates', 'InternalServerError', 'ServiceUnavailable']);
const MAX_ATTEMPTS = 3;

export class SsmParameterError extends Error {
  override readonly name = 'SsmParameterError';
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number) {
    // The service's message can name the parameter; it never carries its value.
    super(`SSM GetParameter failed: ${code} (HTTP ${status})`);
    this.code = code;
    this.status = status;
  }
}

export interface SsmFetchOptions {
  region?: string;
  /** Overrides `https://ssm.<region>.amazonaws.com` (the SDK honours AWS_ENDPOINT_URL_SSM the same way). */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  fetch?: typeof fetch;
  /** Backoff before attempt n (1-based), in ms; full jitter like the SDK's. */
  backoffMs?: (attempt: number) => number;
}

export type SsmGetOptions = GetOptionsInterface & { decrypt?: boolean };

export class SsmFetchProvider extends BaseProvider {
  private readonly signer: SignatureV4;
  private readonly url: URL;
  private readonly send: typeof fetch;
  private readonly backoffMs: (attempt: number) => number;

  constructor(options: SsmFetchOptions = {}) {
    super({});
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('SSM parameters need AWS_REGION');
    this.url = new URL(options.endpoint ?? process.env.AWS_ENDPOINT_URL_SSM ?? `https://ssm.${region}.amazonaws.com/`);
    this.signer = new SignatureV4({ service: 'ssm', region, credentials: options.credentials ?? fromEnv(), sha256: Sha256 });
    this.send = options.fetch ?? fetch;
    this.backoffMs = options.backoffMs ?? ((attempt) => Math.random() * Math.min(20_000, 100 * 2 ** attempt));
  }

  /** BaseProvider.get (cache, maxAge, forceFetch), plus SSM's decryption flag. */
  override get(name: string, options?: SsmGetOptions): Promise<string | undefined> {
    return super.get(name, options) as Promise<string | undefined>;
  }

  protected async _get(name: string, options?: { decrypt?: boolean }): Promise<string | undefined> {
    const body = JSON.stringify({ Name: name, WithDecryption: options?.decrypt ?? false });
    for (let attempt = 1; ; attempt++) {
      const response = await this.call('GetParameter', body);
      if (response.ok) return ((await response.json()) as { Parameter?: { Value?: string } }).Parameter?.Value;
      const code = await errorCode(response);
      if (attempt >= MAX_ATTEMPTS || !(RETRYABLE.has(code) || response.status >= 500)) throw new SsmParameterError(code, response.status);
      await new Promise((resolve) => setTimeout(resolve, this.backoffMs(attempt)));
    }
  }

  protected _getMultiple(): Promise<Record<string, unknown>> {
    return Promise.reject(new Error('SsmFetchProvider reads single parameters only'));
  }

  private async call(action: string, body: string): Promise<Response> {
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: this.url.pathname,
      query: {},
      headers: {
        host: this.url.host,
        'content-length': String(Buffer.byteLength(body)),
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AmazonSSM.${action}`,
      },
      body,
    });
    // fetch sets Host and Content-Length itself, to the values signed above.
    const { host: _host, 'content-length': _length, ...headers } = signed.headers;
    return this.send(this.url, { method: 'POST', headers, body, redirect: 'error' });
  }
}

/** `__type` is `[namespace#]Code`; an unreadable body keeps the status. */
const errorCode = async (response: Response): Promise<string> => {
  try {
    const type = ((await response.json()) as { __type?: string }).__type ?? '';
    return type.split('#').pop() || `HTTP${response.status}`;
  } catch {
    return `HTTP${response.status}`;
  }
};

let provider: SsmFetchProvider | undefined;

/** Powertools' `getParameter` shape, on one provider per container (created on first use). */
export const getParameter = (name: string, options: SsmGetOptions = {}): Promise<string | undefined> => {
  provider ??= new SsmFetchProvider();
  return provider.get(name, options);
};
