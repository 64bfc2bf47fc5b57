import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '#shared/domain/risk/features.ts';

const doc = readFileSync(new URL('../../docs/risk.md', import.meta.url), 'utf8');
const committed = JSON.parse(readFileSync(new URL('../../models/risk-default.json', import.meta.url), 'utf8'));

describe('docs/risk.md', () => {
  it.each(FEATURES.map((spec) => [spec.name, spec] as const))(
    'documents the feature %s with its type, range and meaning',
    (_name, spec) => {
      const range = Number.isInteger(spec.max) ? `${spec.min}..${spec.max}` : `${spec.min}..${spec.max.toFixed(2)}`;

      expect(doc).toContain(`| \`${spec.name}\` | ${spec.type} | ${range} | ${spec.meaning} |`);
    },
  );

  it("states the default model's thresholds and held-out metrics as the committed document has them", () => {
    const { thresholds, metrics } = committed;
    const three = (x: number) => x.toFixed(3);

    expect(doc).toContain(`| ROC AUC | ${three(metrics.auc)} |`);
    expect(doc).toContain(
      `| at \`review\` ≥ ${thresholds.review} | precision ${three(metrics.atReview.precision)}, recall ${three(metrics.atReview.recall)}`,
    );
    expect(doc).toContain(
      `| at \`reject\` ≥ ${thresholds.reject} | precision ${three(metrics.atReject.precision)}, recall ${three(metrics.atReject.recall)}`,
    );
    expect(doc).toMatch(/trained on synthetic data/i);
  });
});
