import { createHash } from 'node:crypto';
import { canonicalJson, type RiskModelDocument } from '#shared/domain/risk/model-document.ts';

/** sha256 (hex) of the document's canonical JSON: the same document gives the same checksum whatever its key order. */
export const sha256Checksum = (document: RiskModelDocument): string => createHash('sha256').update(canonicalJson(document)).digest('hex');
