// Baseline: the cost of an ESM bundle with nothing in it (Node boot + the deployment banner).
export {};
