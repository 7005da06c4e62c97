/**
 * Number formats of the reports, one place so a table cell and its test agree.
 * Non-finite values show as an em dash rather than "NaN".
 */
export function fixed(value: number | null | undefined, digits = 4): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function percent(value: number | null | undefined, digits = 1): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? `${(value * 100).toFixed(digits)} %`
    : '—';
}

/** Integers with thousands separators: 1234567 -> "1,234,567". */
export function count(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.round(value).toLocaleString('en-US')
    : '—';
}

/** A signed difference: +0.0123 or -0.0040. */
export function signed(value: number | null | undefined, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}
