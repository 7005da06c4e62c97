import { sep } from 'node:path';

/** A server folder and the name callers see it by (`/app/data` as `data`). */
export interface PathShown {
  readonly dir: string;
  readonly as: string;
}

/**
 * A copy of `value` (a job record: summary, report, error message) whose strings
 * name `dir/...` as `as/...`: callers learn which output a job wrote, not the
 * server's layout. Longer folders first, so a child of another is shown by its own name.
 */
export function showPaths(value: unknown, shown: readonly PathShown[]): unknown {
  if (shown.length === 0) return value;
  const ordered = [...shown].sort((a, b) => b.dir.length - a.dir.length);
  const shorten = (text: string): string => {
    let result = text;
    for (const { dir, as } of ordered) result = result.replaceAll(`${dir}${sep}`, `${as}/`);
    return result;
  };
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return shorten(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, walk(child)]));
    }
    return item;
  };
  return walk(value);
}
