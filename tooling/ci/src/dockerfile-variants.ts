/**
 * Lines where two per-app Dockerfiles differ, other than the `ARG APP=<app>` default that is
 * their only intended difference (docker/README.md says why there are two). Empty when they
 * are the same Dockerfile.
 */
export function dockerfileVariantDifferences(first: string, second: string): string[] {
  const appDefault = /^ARG APP=\S+$/;
  const a = first.split('\n');
  const b = second.split('\n');
  const differences: string[] = [];
  for (let line = 0; line < Math.max(a.length, b.length); line++) {
    const left = a[line];
    const right = b[line];
    if (left === right) continue;
    if (
      left !== undefined &&
      right !== undefined &&
      appDefault.test(left) &&
      appDefault.test(right)
    ) {
      continue;
    }
    differences.push(
      `line ${line + 1}: ${JSON.stringify(left ?? '')} vs ${JSON.stringify(right ?? '')}`,
    );
  }
  return differences;
}
