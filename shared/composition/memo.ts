/**
 * Builds a value once per container, on first use; a failed build is retried on the next call.
 * Annotate module-scope calls `@__PURE__`, so a getter a function never calls leaves its bundle.
 */
export const once = <T>(build: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
