export { AppMetrics, type AppMetricsOptions } from './app-metrics.js';
