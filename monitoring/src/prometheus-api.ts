/** The few Prometheus HTTP API calls the live check needs (GET /api/v1/...). */

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  readonly lastScrape: string;
}

export class PrometheusApi {
  constructor(private readonly baseUrl: string) {}

  /** An instant query; its result as a vector (a scalar becomes one sample without labels). */
  async query(promql: string): Promise<Sample[]> {
    const data = await this.#get<{ resultType: string; result: unknown }>('/api/v1/query', {
      query: promql,
    });
    if (data.resultType === 'scalar') {
      return [{ metric: {}, value: data.result as [number, string] }];
    }
    if (data.resultType !== 'vector') {
      throw new Error(`${promql}: expected a vector, got a ${data.resultType}`);
    }
    return data.result as Sample[];
  }

  async activeTargets(): Promise<Target[]> {
    const data = await this.#get<{ activeTargets: Target[] }>('/api/v1/targets', {
      state: 'active',
    });
    return data.activeTargets;
  }

  async metricNames(): Promise<Set<string>> {
    return new Set(await this.#get<string[]>('/api/v1/label/__name__/values', {}));
  }

  async #get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') {
      throw new Error(
        `GET ${url.pathname} ${params.query ?? ''}: ${body.error ?? response.status}`,
      );
    }
    return body.data;
  }
}

/** True when a sample's value is a number (histogram_quantile over no traffic gives NaN). */
export function hasNumber(sample: Sample): boolean {
  return Number.isFinite(Number(sample.value[1]));
}
