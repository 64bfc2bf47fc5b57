// esbuild stand-in for @smithy/core's pure-JavaScript SHA-256 (checksum/sha256/Sha256Js.js) where Sha256Node.js imports
// it (infra/esbuild/plugins.cjs, `nativeSha256Only`). Sha256Node uses it only when `createHash('sha256')` from
// node:crypto throws, which never happens on Lambda's Node (its OpenSSL has SHA-256, FIPS builds included); every
// signature and checksum goes through node:crypto. 3.1 KiB less in every SDK bundle. Anything that imports Sha256Js
// itself still gets the real one.
export class Sha256Js {
  constructor() {
    throw new Error(
      'node:crypto has no sha256 here and the pure-JS fallback (@smithy/core Sha256Js) is stubbed by infra/esbuild/plugins.cjs (nativeSha256Only)',
    );
  }
}
