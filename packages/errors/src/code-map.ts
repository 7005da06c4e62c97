/** A package's error codes: every key is its own value, so `Codes.X` and `'X'` are one string. */
export type CodeMap<C extends string = string> = { readonly [K in C]: K };

/**
 * What is wrong with the repository's code maps, one line a problem: a key that is not its own
 * code, or a code that two owners (packages or apps) both define, so it would mean two things.
 * Codes in `shared` (the HTTP codes both apps answer with) belong to no owner.
 *
 * @example
 * codeMapProblems({ io: { CHURN_ERR_X: 'CHURN_ERR_X' }, features: { CHURN_ERR_X: 'CHURN_ERR_X' } });
 * // => ['CHURN_ERR_X is defined by both io and features']
 */
export function codeMapProblems(
  maps: Readonly<Record<string, Readonly<Record<string, string>>>>,
  shared: Readonly<Record<string, string>> = {},
): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const [owner, map] of Object.entries(maps)) {
    for (const [key, code] of Object.entries(map)) {
      if (key !== code) problems.push(`${owner}: key ${key} has the code ${code}`);
      if (code in shared) continue;
      const first = owners.get(code);
      if (first === undefined) owners.set(code, owner);
      else problems.push(`${code} is defined by both ${first} and ${owner}`);
    }
  }
  return problems;
}
