import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export type EnvMap = Record<string, string>;

/**
 * The local stack's settings: `.env.example` gives working defaults, `.env` overrides them,
 * and the real process environment wins, so `HTTP_PORT=4000 npm start` needs no file edit.
 */
export const loadLocalEnv = (root: string = process.cwd(), processEnv: NodeJS.ProcessEnv = process.env): EnvMap => {
  const merged: EnvMap = { ...readEnvFile(join(root, '.env.example')), ...readEnvFile(join(root, '.env')) };
  for (const key of Object.keys(merged)) {
    const real = processEnv[key];
    if (real !== undefined) merged[key] = real;
  }
  return merged;
};

const readEnvFile = (path: string): EnvMap => {
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

/** Reads a port setting, failing fast on nonsense rather than letting a server bind port 0 or NaN. */
export const portFrom = (env: EnvMap, key: string, fallback: number): number => {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${key}=${raw} is not a valid TCP port (1-65535)`);
  }
  return port;
};
