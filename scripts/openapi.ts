// `npm run openapi`: writes the OpenAPI 3.1 document generated from the zod schemas to docs/openapi.json.
import { writeFileSync } from 'node:fs';
import { DOCUMENT_PATH, renderDocument } from './openapi/document.ts';

writeFileSync(DOCUMENT_PATH, renderDocument());
console.log(`wrote ${DOCUMENT_PATH}`);
