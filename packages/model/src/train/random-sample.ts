import { splitmix32 } from './random.js';

/**
 * Seeded random row samples for training (the logistic-regression Hessian sample, the
 * early-stopping holdout). Training frames are stored user by user, date by date, so any
 * fixed-stride sample lands on a few dates only; these are uniform instead, and the same
 * seed gives the same rows on every platform (32-bit integer arithmetic only).
 */

/** A stream of uniform numbers in [0, 1), for sampling only. */
function uniformStream(seed: number): () => number {
  const next = splitmix32(seed);
  return () => next() / 4_294_967_296;
}

/**
 * `m` distinct row indices of `0..n-1`, uniform without replacement, ascending
 * (Knuth's selection sampling, algorithm S: one pass, O(n)). All rows when m >= n.
 *
 * @example
 * randomRows(10, 3, 42); // => e.g. Int32Array [1, 4, 8]
 */
export function randomRows(n: number, m: number, seed: number): Int32Array {
  const take = Math.max(0, Math.min(n, m));
  const rows = new Int32Array(take);
  const uniform = uniformStream(seed);
  let chosen = 0;
  for (let i = 0; i < n && chosen < take; i++) {
    if ((n - i) * uniform() < take - chosen) rows[chosen++] = i;
  }
  return rows;
}

/**
 * Splits rows `0..labels.length-1` into a holdout of `fraction` of the rows of each class
 * (rounded) and the rest, both ascending: scikit-learn's stratified `train_test_split`,
 * the early-stopping split of its HistGradientBoostingClassifier.
 */
export function stratifiedHoldout(
  labels: Uint8Array,
  fraction: number,
  seed: number,
): { keep: Int32Array; holdout: Int32Array } {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const uniform = uniformStream(seed);
  const remaining = [n - positives, positives];
  const wanted = remaining.map((count) => Math.round(count * fraction));
  const holdout = new Int32Array(wanted[0]! + wanted[1]!);
  const keep = new Int32Array(n - holdout.length);
  let h = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (remaining[label]! * uniform() < wanted[label]!) {
      holdout[h++] = i;
      wanted[label]!--;
    } else {
      keep[k++] = i;
    }
    remaining[label]!--;
  }
  return { keep, holdout };
}

/**
 * A holdout of whole users: `stratifiedHoldout` over the distinct users, each labelled 1
 * when any of its rows is, then every row of a held-out user. Rows of one user on
 * neighbouring dates are near copies, so a row holdout would score rows the trees have
 * all but seen, and early stopping would never stop.
 */
export function userHoldout(
  userId: Int32Array,
  labels: Uint8Array,
  fraction: number,
  seed: number,
): { keep: Int32Array; holdout: Int32Array } {
  const users = Int32Array.from(new Set(userId)).sort();
  const index = new Map<number, number>();
  for (let u = 0; u < users.length; u++) index.set(users[u]!, u);
  const userOf = Int32Array.from(userId, (user) => index.get(user)!);
  const churned = new Uint8Array(users.length);
  for (let row = 0; row < userId.length; row++) {
    if (labels[row] === 1) churned[userOf[row]!] = 1;
  }
  const held = new Uint8Array(users.length);
  for (const u of stratifiedHoldout(churned, fraction, seed).holdout) held[u] = 1;
  let count = 0;
  for (let row = 0; row < userId.length; row++) count += held[userOf[row]!]!;
  const keep = new Int32Array(userId.length - count);
  const holdout = new Int32Array(count);
  let h = 0;
  let k = 0;
  for (let row = 0; row < userId.length; row++) {
    if (held[userOf[row]!] === 1) holdout[h++] = row;
    else keep[k++] = row;
  }
  return { keep, holdout };
}
