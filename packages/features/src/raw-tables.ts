/** users.csv in memory, one entry per user. Dates are epoch days (see dates.ts). */
export interface UserTable {
  readonly rows: number;
  readonly userId: Int32Array;
  readonly signupDay: Int32Array;
  readonly plan: string[];
  readonly isPaid: Uint8Array;
  readonly country: string[];
  readonly marketingSource: string[];
  /** NaN when missing. */
  readonly engagementScore: Float64Array;
}

/** events.csv in memory, one entry per event. */
export interface EventTable {
  readonly rows: number;
  readonly eventId: Float64Array;
  readonly userId: Int32Array;
  /** Seconds since the epoch (UTC). */
  readonly eventTime: Float64Array;
  /** Index into EVENT_TYPES. */
  readonly eventType: Uint8Array;
  /** '' when the event has no course. */
  readonly courseId: string[];
  /** NaN when empty. */
  readonly watchMinutes: Float64Array;
  readonly quizScore: Float64Array;
  readonly amount: Float64Array;
}
