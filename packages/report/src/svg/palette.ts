/**
 * Colours of every chart. Blue and orange stay distinguishable for the common colour-vision
 * deficiencies; the greys carry axes and reference lines.
 */
export const COLORS = {
  primary: '#2563eb',
  secondary: '#ea580c',
  muted: '#94a3b8',
  ink: '#1e293b',
  subtle: '#64748b',
  grid: '#e2e8f0',
  ok: '#16a34a',
  warn: '#d97706',
  fail: '#dc2626',
} as const;
