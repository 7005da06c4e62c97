import { readFile } from 'node:fs/promises';

export interface DashboardTarget {
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

export interface DashboardPanel {
  readonly id?: number;
  readonly type: string;
  readonly title?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly targets?: readonly DashboardTarget[];
  readonly panels?: readonly DashboardPanel[];
}

export interface DashboardJson {
  readonly uid?: string;
  readonly title?: string;
  readonly panels?: readonly DashboardPanel[];
}

/** One PromQL query of a panel. */
export interface PanelQuery {
  readonly panelId: number | undefined;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

export async function readDashboard(file: string): Promise<DashboardJson> {
  return JSON.parse(await readFile(file, 'utf8')) as DashboardJson;
}

/** Panels, rows excluded, including those nested in collapsed rows. */
export function dataPanels(dashboard: DashboardJson): DashboardPanel[] {
  return (dashboard.panels ?? []).flatMap((panel) =>
    panel.type === 'row' ? [...(panel.panels ?? [])] : [panel],
  );
}

export function panelQueries(dashboard: DashboardJson): PanelQuery[] {
  return dataPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panelId: panel.id,
      panel: panel.title ?? `panel ${panel.id}`,
      refId: target.refId ?? '?',
      expr: target.expr ?? '',
    })),
  );
}

/**
 * What the schema cannot say: every data panel queries the provisioned Prometheus by its uid
 * and has at least one PromQL expression; panel ids are unique. Returns the problems.
 */
export function checkDashboardQueries(dashboard: DashboardJson, datasourceUid: string): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  const everyPanel = (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  for (const panel of everyPanel) {
    if (panel.id === undefined) continue;
    if (seen.has(panel.id)) problems.push(`panel id ${panel.id} is used twice`);
    seen.add(panel.id);
  }
  for (const panel of dataPanels(dashboard)) {
    const name = `panel "${panel.title ?? panel.id}"`;
    if (panel.datasource?.uid !== datasourceUid) {
      problems.push(`${name}: datasource uid is ${panel.datasource?.uid}, not ${datasourceUid}`);
    }
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${name}: no queries`);
    for (const target of targets) {
      if (!target.expr?.trim()) problems.push(`${name} query ${target.refId}: empty expr`);
      if (target.datasource && target.datasource.uid !== datasourceUid) {
        problems.push(`${name} query ${target.refId}: datasource uid is ${target.datasource.uid}`);
      }
    }
  }
  return problems;
}

/**
 * Grafana's interval variables replaced by fixed windows, so Prometheus can run the query
 * as Grafana would over a `window` range.
 *
 * @example
 * toPromql('rate(x[$__rate_interval])', '5m'); // => 'rate(x[5m])'
 */
export function toPromql(expr: string, window: string): string {
  return expr.replace(/\$__rate_interval|\$__range|\$__interval|\$\{__interval\}/g, window);
}
