export interface InvokeResult {
  /** False when the function threw, timed out or the endpoint failed: the whole batch failed. */
  ok: boolean;
  error?: string;
  payload?: unknown;
}

export type Invoke = (functionName: string, event: unknown, timeoutSeconds: number) => Promise<InvokeResult>;

/**
 * Invokes through serverless offline's Lambda API, the way an event source mapping would.
 * A thrown handler error arrives as HTTP 200 with `x-amz-function-error`, so the header is checked first.
 */
export const createLambdaInvoker =
  (lambdaEndpoint: string): Invoke =>
  async (functionName, event, timeoutSeconds) => {
    const url = `${lambdaEndpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout((timeoutSeconds + 5) * 1000),
      });
      const text = await response.text();
      const functionError = response.headers.get('x-amz-function-error');
      if (functionError || !response.ok)
        return { ok: false, error: `${functionError ?? `HTTP ${response.status}`}: ${text.slice(0, 300)}` };
      return { ok: true, payload: parseJson(text) };
    } catch (error) {
      return { ok: false, error: `invoke failed: ${(error as Error).message}` };
    }
  };

const parseJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
};

/** The ids a ReportBatchItemFailures response names; undefined when the response does not follow the contract. */
export const batchItemFailureIds = (payload: unknown): string[] | undefined => {
  if (payload === undefined || payload === null || payload === '') return [];
  if (typeof payload !== 'object') return undefined;
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return undefined;
  const ids = failures.map((item) => (item as { itemIdentifier?: unknown })?.itemIdentifier);
  return ids.every((id) => typeof id === 'string' && id !== '') ? (ids as string[]) : undefined;
};
