/**
 * A Markdown table of test counts from the log of `npm test` (turbo prefixes each line of
 * vitest's output with "<package>:test:"), for the CI job summary.
 * @example testSummary('@churn/api:test:       Tests  12 passed (12)') // a table with one row
 */
export function testSummary(log: string): string {
  const rows = new Map<string, { files: string; tests: string }>();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes in captured logs
  const plain = log.replace(/\u001b\[[0-9;]*m/g, '');
  for (const match of plain.matchAll(/^(\S+?):test:\s+(Test Files|Tests)\s+(.+?)\s*$/gm)) {
    const [, pkg, kind, counts] = match as unknown as [string, string, string, string];
    const row = rows.get(pkg) ?? { files: '', tests: '' };
    if (kind === 'Tests') row.tests = counts;
    else row.files = counts;
    rows.set(pkg, row);
  }
  const total = (pattern: RegExp) =>
    [...rows.values()].reduce((sum, row) => sum + Number(row.tests.match(pattern)?.[1] ?? 0), 0);
  const lines = ['### npm test', '', '| package | test files | tests |', '| --- | --- | --- |'];
  for (const [pkg, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${pkg} | ${cell(row.files)} | ${cell(row.tests)} |`);
  }
  lines.push(
    `| **all** | | **${total(/(\d+) passed/)} passed, ${total(/(\d+) failed/)} failed, ${total(/(\d+) skipped/)} skipped** |`,
  );
  const turbo = plain.match(/^\s*Tasks:\s+(.+)$/m)?.[1];
  const cached = plain.match(/^\s*Cached:\s+(.+)$/m)?.[1];
  if (turbo) lines.push('', `turbo: ${turbo}${cached ? `; cached: ${cached}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** vitest separates counts with "|", which would end a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
