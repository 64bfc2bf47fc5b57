import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SsmFetchProvider, SsmParameterError } from './ssm-parameters.ts';

interface Captured {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// A stand-in for the SSM endpoint: records each request and answers from a queue (default: a parameter).
const captured: Captured[] = [];
let answers: { status: number; body: unknown }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    captured.push({ method: request.method, url: request.url, headers: request.headers, body });
    const answer = answers.shift() ?? { status: 200, body: { Parameter: { Name: 'p', Type: 'SecureString', Value: 'the-value' } } };
    response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer.body));
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  captured.length = 0;
  answers = [];
  vi.useRealTimers();
});

/** What SSM does on receipt: recompute the signature over the headers the request says it signed, and the body. */
const signatureValid = async (request: Captured | undefined): Promise<boolean> => {
  if (!request) return false;
  const authorization = String(request.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signedNames.map((name) => [name, String(request.headers[name])]));
  headers['x-amz-content-sha256'] = createHash('sha256').update(request.body).digest('hex');
  const date = String(request.headers['x-amz-date']);
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`);
  const signer = new SignatureV4({ service: 'ssm', region: 'eu-west-1', credentials, sha256: Sha256 });
  const [hostname, port] = String(request.headers.host).split(':');
  const expected = await signer.sign(
    {
      method: request.method ?? '',
      protocol: 'http:',
      hostname: hostname ?? '',
      port: Number(port),
      path: request.url ?? '/',
      query: {},
      headers,
      body: request.body,
    },
    { signingDate },
  );
  return expected.headers.authorization === authorization;
};

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};
const provider = () =>
  new SsmFetchProvider({ region: 'eu-west-1', endpoint, credentials: () => Promise.resolve(credentials), backoffMs: () => 1 });

describe('SSM GetParameter over fetch', () => {
  it('signs requests that a SigV4 check accepts, as it accepts the SDK client requests', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T12:00:00Z') });
    const sdk = new SSMClient({ region: 'eu-west-1', endpoint, credentials, maxAttempts: 1 });
    await sdk.send(new GetParameterCommand({ Name: '/orderly/prod/jwks', WithDecryption: true }));
    await provider().get('/orderly/prod/jwks', { decrypt: true });
    const [fromSdk, ours] = captured;
    expect(await signatureValid(fromSdk)).toBe(true);
    expect(await signatureValid(ours)).toBe(true);
    expect(await signatureValid(ours && { ...ours, body: ours.body.replace('jwks', 'signing-keys') })).toBe(false);
    expect(ours?.headers.authorization).toContain('Credential=AKIDEXAMPLE/20261201/eu-west-1/ssm/aws4_request');
    expect(ours?.headers['x-amz-security-token']).toBe('session-token');
    for (const header of ['x-amz-target', 'content-type']) expect(ours?.headers[header]).toBe(fromSdk?.headers[header]);
    expect([ours?.method, ours?.url, JSON.parse(ours?.body ?? '')]).toEqual([
      fromSdk?.method,
      fromSdk?.url,
      JSON.parse(fromSdk?.body ?? ''),
    ]);
  });

  it('returns the value and caches it for maxAge, unless forceFetch', async () => {
    const ssm = provider();
    expect(await ssm.get('/p', { maxAge: 300 })).toBe('the-value');
    expect(await ssm.get('/p', { maxAge: 300 })).toBe('the-value');
    expect(captured).toHaveLength(1);
    expect(JSON.parse(captured[0]?.body ?? '')).toEqual({ Name: '/p', WithDecryption: false });
    await ssm.get('/p', { maxAge: 300, forceFetch: true });
    expect(captured).toHaveLength(2);
  });

  it('retries throttling and server errors, three attempts in all', async () => {
    answers = [
      { status: 400, body: { __type: 'com.amazonaws.ssm#ThrottlingException', message: 'Rate exceeded' } },
      { status: 500, body: { __type: 'InternalServerError' } },
    ];
    expect(await provider().get('/p')).toBe('the-value');
    expect(captured).toHaveLength(3);
  });

  it.each([
    ['a missing parameter', { status: 400, body: { __type: 'ParameterNotFound' } }, 'ParameterNotFound', 1],
    ['a denied read', { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized' } }, 'AccessDeniedException', 1],
    ['an unreadable error body', { status: 503, body: 'oops' }, 'HTTP503', 3],
  ])('fails on %s with the service code, never the value', async (_, answer, code, calls) => {
    answers = [answer, answer, answer];
    const error: unknown = await provider()
      .get('/p')
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('GetParameterError');
    expect((error as Error).message).toContain(code);
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(SsmParameterError);
    expect(captured).toHaveLength(calls);
  });
});
