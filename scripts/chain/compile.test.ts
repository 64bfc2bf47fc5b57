import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_JSON, ARTIFACT_MODULE, compileOrderLedger, CompileError } from './compile.ts';

describe('compiling OrderLedger', () => {
  it('reproduces the committed ABI and bytecode byte for byte', () => {
    const fresh = compileOrderLedger();

    expect(fresh.json).toBe(readFileSync(ARTIFACT_JSON, 'utf8'));
    expect(fresh.module).toBe(readFileSync(ARTIFACT_MODULE, 'utf8'));
  }, 30_000);

  it('fails with the compiler message on a broken source', () => {
    expect(() => compileOrderLedger('pragma solidity 0.8.37; contract OrderLedger { function f() { } }')).toThrow(CompileError);
  }, 30_000);
});
