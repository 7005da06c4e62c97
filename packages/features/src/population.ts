/**
 * The scoring population: which users a scored day covers. A churn system scores the
 * users it can still keep, so by default a day holds only the users with some activity
 * within the churn window before it (`days_since_last_activity < windowDays`: an active
 * day among the last `windowDays` days, the scored day included). A user inactive for
 * the whole window has already churned by the label's own definition. Users who signed
 * up within the window and never acted count as active (their days_since_last_activity
 * is their days_since_signup).
 *
 * `all` keeps every row, as the original system did.
 */
export type PopulationKind = 'active' | 'all';

export interface Population {
  readonly kind: PopulationKind;
  /** churn.window_days */
  readonly windowDays: number;
}

/** The column the population is decided on. */
export const POPULATION_COLUMN = 'days_since_last_activity';

/**
 * Whether a row with this days_since_last_activity is scored. A missing value (NaN) is
 * kept, so a bad row reaches validation instead of vanishing.
 *
 * @example
 * inPopulation({ kind: 'active', windowDays: 30 }, 29); // => true
 * inPopulation({ kind: 'active', windowDays: 30 }, 30); // => false
 */
export function inPopulation(population: Population, daysSinceLastActivity: number): boolean {
  return population.kind === 'all' || !(daysSinceLastActivity >= population.windowDays);
}

/** One line for reports and logs. */
export function describePopulation(population: Population): string {
  return population.kind === 'all'
    ? 'every user'
    : `users active within ${population.windowDays} days (${POPULATION_COLUMN} < ${population.windowDays})`;
}
