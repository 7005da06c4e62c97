import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

export interface AppMetricsOptions {
  /** Prefix of the process metrics (`churn_worker_` for the worker; none for the API). */
  readonly prefix?: string;
  /** Collect process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
}

/**
 * The base of an app's Prometheus metrics: a registry of its own (tests build many apps in one
 * process, and prom-client's global registry would refuse the second), the process metrics, and
 * builders that register each metric in it. An app declares its metrics as fields:
 *
 * @example
 * class WorkerMetrics extends AppMetrics {
 *   readonly rowsScored = this.counter({ name: 'churn_worker_rows_scored_total', help: 'Rows scored' });
 * }
 * const text = await new WorkerMetrics({ prefix: 'churn_worker_' }).registry.metrics();
 */
export class AppMetrics {
  readonly registry = new Registry();

  constructor(options: AppMetricsOptions = {}) {
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({
        register: this.registry,
        ...(options.prefix !== undefined && { prefix: options.prefix }),
      });
    }
  }

  protected counter<L extends string = never>(
    config: Omit<CounterConfiguration<L>, 'registers'>,
  ): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  protected gauge<L extends string = never>(
    config: Omit<GaugeConfiguration<L>, 'registers'>,
  ): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  protected histogram<L extends string = never>(
    config: Omit<HistogramConfiguration<L>, 'registers'>,
  ): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }
}
