/** One row of /predict and /predict/batch, after validation against the served model. */
export interface PredictRow {
  user_id: number | string;
  snapshot_date?: string;
  features: Record<string, unknown>;
}

export interface BatchBody {
  rows: PredictRow[];
}
