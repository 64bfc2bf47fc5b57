/** A tiny fixed-width table formatter: numbers (and cells starting with a digit or sign) align right. */
export type Cell = string | number;

const isNumeric = (cell: Cell): boolean => typeof cell === 'number' || /^[-+]?[\d.]/.test(cell);

export const fmt = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export const verdict = (ok: boolean | undefined): string => (ok === undefined ? '-' : ok ? 'PASS' : 'MISS');

export const renderTable = (title: string, header: string[], rows: Cell[][], notes: string[] = []): string => {
  const text = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[], raw?: Cell[]) =>
    cells
      .map((cell, i) => (raw && isNumeric(raw[i] ?? '') && i > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`== ${title}`, line(header), rule, ...text.map((cells, r) => line(cells, rows[r])), ...notes.map((n) => `   ${n}`)].join('\n');
};
