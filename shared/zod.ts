// The one zod every function bundles: `zod/mini` (the same validation core as classic zod without its chainable
// methods: about 70 KiB less per bundle and ~20 ms less per cold start, issue 13) with zod's English messages, which
// mini does not load by itself (without them every issue says "Invalid input"). Import it as a namespace:
// `import * as z from '#shared/zod.ts'`; a named `z` or `locales` import would drag every locale into the bundle.
// Schemas are written the mini way: `z.optional(s)`, `s.check(z.minLength(1))`, `z.pipe(s, z.transform(f))`.
// Classic zod stays in scripts and tests that only document or check (OpenAPI generation, response contracts).
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
