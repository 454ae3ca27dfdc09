import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** deploy/monitoring in this checkout. */
export const MONITORING_DIR = fileURLToPath(new URL('../../deploy/monitoring/', import.meta.url));
export const RULES_DIR = join(MONITORING_DIR, 'prometheus', 'rules');
export const RULE_TESTS_DIR = join(MONITORING_DIR, 'prometheus', 'tests');
export const DASHBOARDS_DIR = join(MONITORING_DIR, 'grafana', 'dashboards');

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

export const ruleFiles = (): string[] => yamlFiles(RULES_DIR);
export const ruleTestFiles = (): string[] => yamlFiles(RULE_TESTS_DIR);

export const alertRules = (): AlertRule[] =>
  ruleFiles().flatMap((f) => {
    const doc = parse(readFileSync(f, 'utf8')) as { groups: { rules: AlertRule[] }[] };
    return doc.groups.flatMap((g) => g.rules.filter((r) => r.alert !== undefined));
  });

/** Every PromQL expression of every dashboard panel. */
export const dashboardExprs = (): { dashboard: string; panel: string; expr: string }[] =>
  readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const d = JSON.parse(readFileSync(join(DASHBOARDS_DIR, f), 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
      return d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ dashboard: f, panel: p.title, expr: t.expr })));
    });

/**
 * Metric names an expression reads. Our metrics and the Node.js/process ones all carry a known
 * prefix, which keeps label names and functions out; histogram series map to their family.
 */
export const metricNames = (expr: string): string[] => {
  const names = new Set<string>();
  for (const m of expr.matchAll(/\b((?:harvest|process|nodejs)_[a-z0-9_]+)\b/g)) {
    names.add((m[1] as string).replace(/_(bucket|sum|count)$/, ''));
  }
  if (/\bup\b(?!\s*\()/.test(expr.replace(/\{[^}]*\}/g, '{}'))) names.add('up');
  return [...names];
};
