/** Aligned columns for the human-readable listings; `empty` when there are no rows. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  empty: string,
): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `--json` output: one line, so a script can parse stdout as a whole. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value);
}

/** Told with every secret the CLI prints: it is not stored, so it can't be shown again. */
export const SHOWN_ONCE = 'It is shown only this once: store it now.';
