/**
 * Bounded concurrency per function for serverless offline 13, the way Lambda's reserved concurrency bounds it.
 *
 * serverless offline's LambdaFunctionPool gives each invocation an idle instance of the function or, when none is
 * idle, a new one: a new worker thread that imports the whole bundle and counts that import against the function's
 * timeout. Nothing bounds how many. When a test closed 200 WebSockets, 200 `$disconnect` invocations started at once:
 * ~216 worker threads, 4 GB RSS, a load average of 51 on two cores, and every one of them timed out (10 s) before its
 * three DynamoDB calls ran; the stack answered 500 to the next requests for a minute. Here at most
 * `limit` invocations of one function run at once (its `reservedConcurrency`, capped by LOCAL_FUNCTION_CONCURRENCY,
 * default 5, the concurrency Lambda's SQS poller starts with); further ones wait in arrival order for an instance to
 * come free and then run warm on it, and new instances start one at a time. The wait is not counted against the function's timeout, as a
 * throttled event waits outside the function in AWS. Loaded by offline-preload.ts (see offline-fixes.ts).
 */

/** What serverless offline's callers use of a pooled function: they set the event, then run it once. */
export interface PooledFunction {
  setEvent(event: unknown): void;
  setClientContext(clientContext: unknown): void;
  runHandler(): Promise<unknown>;
}

interface FunctionDefinition {
  reservedConcurrency?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's base constructor must take any[]
type PoolClass = new (...args: any[]) => { get(functionKey: string, functionDefinition: FunctionDefinition): PooledFunction };

export const DEFAULT_LOCAL_FUNCTION_CONCURRENCY = 5;

export class LocalConcurrencyError extends Error {
  override readonly name = 'LocalConcurrencyError';
}

const positiveInteger = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
};

/** LOCAL_FUNCTION_CONCURRENCY, or the default; anything but a positive integer is refused loudly. */
export const localConcurrencyFrom = (env: NodeJS.ProcessEnv): number => {
  const raw = env.LOCAL_FUNCTION_CONCURRENCY;
  if (raw === undefined || raw === '') return DEFAULT_LOCAL_FUNCTION_CONCURRENCY;
  const limit = positiveInteger(raw);
  if (limit === undefined) throw new LocalConcurrencyError(`LOCAL_FUNCTION_CONCURRENCY must be a positive integer, got "${raw}"`);
  return limit;
};

/** The function's reserved concurrency when it has one below the local cap, else the local cap. */
export const concurrencyLimit = (definition: FunctionDefinition | undefined, localCap: number): number =>
  Math.min(positiveInteger(definition?.reservedConcurrency) ?? localCap, localCap);

/** A counting semaphore whose waiters are served in arrival order. */
const lanes = (limit: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire: (): Promise<void> => {
      if (running < limit) {
        running += 1;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    /** Hands the lane straight to the next waiter, so a newcomer can never overtake the queue. */
    release: (): void => {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    },
  };
};

/** serverless offline's own timeout error; the instance's worker was terminated, so its next run starts cold. */
const isTimeout = (error: unknown) => error instanceof Error && error.message.includes('Lambda timeout');

/**
 * LambdaFunctionPool with at most `limit` invocations per function at once. `get` hands back a stand-in that keeps
 * the event; its `runHandler` waits for a lane, then takes an instance from the real pool and runs it. As a run holds
 * its lane until it ends, a function never has more than `limit` instances, and a queued invocation finds a warm one.
 * Cold starts of one function go one at a time (a lane handed a cold instance waits while another one starts): five
 * imports of one bundle at once on a busy machine each missed the timeout that offline counts them against.
 */
export const boundedLambdaFunctionPool = <Pool extends PoolClass>(Base: Pool, env: NodeJS.ProcessEnv = process.env) => {
  const localCap = localConcurrencyFrom(env);
  const warm = new WeakSet<object>();
  class BoundedLambdaFunctionPool extends Base {
    readonly #functions = new Map<string, { lanes: ReturnType<typeof lanes>; coldStarting: boolean; changed: (() => void)[] }>();

    override get(functionKey: string, functionDefinition: FunctionDefinition): PooledFunction {
      let state = this.#functions.get(functionKey);
      if (!state) {
        state = { lanes: lanes(concurrencyLimit(functionDefinition, localCap)), coldStarting: false, changed: [] };
        this.#functions.set(functionKey, state);
      }
      const fn = state;
      const instance = () => super.get(functionKey, functionDefinition);
      const changed = () => new Promise<void>((resolve) => fn.changed.push(resolve));
      let event: unknown;
      let clientContext: unknown;
      let hasClientContext = false;
      return {
        setEvent: (value) => {
          event = value;
        },
        setClientContext: (value) => {
          clientContext = value;
          hasClientContext = true;
        },
        runHandler: async () => {
          await fn.lanes.acquire();
          try {
            let lambdaFunction = instance();
            // An unused cold instance stays IDLE in the pool: the next lane is handed it once the other start is done.
            while (!warm.has(lambdaFunction) && fn.coldStarting) {
              await changed();
              lambdaFunction = instance();
            }
            const cold = !warm.has(lambdaFunction);
            if (cold) fn.coldStarting = true;
            // Taken and started in one synchronous step: the instance is BUSY before anyone else can be handed it.
            if (hasClientContext) lambdaFunction.setClientContext(clientContext);
            lambdaFunction.setEvent(event);
            try {
              const result = await lambdaFunction.runHandler();
              warm.add(lambdaFunction);
              return result;
            } catch (error) {
              if (isTimeout(error)) warm.delete(lambdaFunction);
              else warm.add(lambdaFunction);
              throw error;
            } finally {
              if (cold) fn.coldStarting = false;
              for (const wake of fn.changed.splice(0)) wake();
            }
          } finally {
            fn.lanes.release();
          }
        },
      };
    }
  }
  return BoundedLambdaFunctionPool;
};
