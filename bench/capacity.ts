/**
 * Capacity of the scaled Kubernetes deployment, computed — not measured — from two sources in the
 * repo: the figures `npm run bench:api` wrote to docs/bench/api.md, and the resources and HPA
 * targets of `kubectl kustomize deploy/k8s/overlays/scaled`. Prints every input and result.
 *
 *   npm run capacity                       # uses docs/bench/api.md
 *   npm run capacity -- --bench other.md   # another bench:api report
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const arg = process.argv.indexOf('--bench');
const benchFile = resolve(ROOT, arg >= 0 ? (process.argv[arg + 1] ?? '') : 'docs/bench/api.md');
const report = readFileSync(benchFile, 'utf8');

const figure = (label: string, re: RegExp): number => {
  const m = re.exec(report);
  if (!m?.[1]) {
    console.error(`capacity: ${benchFile} has no "${label}" figure (expected the format bench/api.bench.ts writes)`);
    process.exit(2);
  }
  return Number(m[1].replace(/,/g, ''));
};

const cpuMsPerRequest = figure('ms of CPU per answered request', /([\d.]+) ms of CPU per answered request/);
const readyRssMb = figure('RSS when ready', /RSS when ready ([\d,]+) MB/);
const peakRssMb = figure('server peak RSS during the read mix', /server peak RSS during the read mix \| ([\d,]+) MB/);
const p95 = figure('read mix p95', /read mix: p95 latency \| ([\d.]+) ms/);
const rate = figure('achieved rate', /achieved rate \(answered\/s\) \| ([\d,]+) req\/s/);
const command = /^Command: `([^`]+)` · measured ([\d-]+)/m.exec(report);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;
const objs = parseAllDocuments(execFileSync('kubectl', ['kustomize', resolve(ROOT, 'deploy/k8s/overlays/scaled')], { encoding: 'utf8' })).map((d) => d.toJS() as Obj);
const dep = objs.find((o) => o.kind === 'Deployment');
const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler');
const res = dep.spec.template.spec.containers[0].resources;
const cpu = (q: string): number => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
const mib = (q: string): number => (q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q.replace(/Mi$/, '')));
const target = (name: string): number => hpa.spec.metrics.find((m: Obj) => m.resource.name === name).resource.target.averageUtilization;

const cpuRequest = cpu(res.requests.cpu);
const cpuLimit = cpu(res.limits.cpu);
const memRequest = mib(res.requests.memory);
const memLimit = mib(res.limits.memory);
// millicores ÷ (ms of CPU per request) = requests per second.
const perPodAtTarget = (cpuRequest * target('cpu')) / 100 / cpuMsPerRequest;
const perPodAtLimit = cpuLimit / cpuMsPerRequest;
// bench:api labels its RSS figures "MB" but computes them as kB ÷ 1024 (bench/api.bench.ts): MiB.

const lines: Array<[string, string]> = [
  ['bench report', `${benchFile.replace(`${ROOT}/`, '')}${command ? ` (${command[1]}, measured ${command[2]})` : ''}`],
  ['CPU per answered request (read mix)', `${cpuMsPerRequest} ms`],
  ['read mix achieved / p95', `${rate} req/s / ${p95} ms (one process, SQLite, 100,000 items)`],
  ['RSS when ready / peak under the read mix', `${readyRssMb} MiB / ${peakRssMb} MiB`],
  ['pod CPU request / limit', `${cpuRequest}m / ${cpuLimit}m`],
  ['pod memory request / limit', `${memRequest} MiB / ${memLimit} MiB`],
  ['HPA', `${hpa.spec.minReplicas}–${hpa.spec.maxReplicas} replicas, CPU ${target('cpu')} %, memory ${target('memory')} %`],
  ['req/s per pod before the HPA adds one', `${Math.floor(perPodAtTarget)}  (= ${cpuRequest}m × ${target('cpu')} % ÷ ${cpuMsPerRequest} ms)`],
  ['req/s per pod at its CPU limit', `${Math.floor(perPodAtLimit)}  (= ${cpuLimit}m ÷ ${cpuMsPerRequest} ms)`],
  [`at ${hpa.spec.minReplicas} / ${hpa.spec.maxReplicas} replicas (HPA target)`, `${Math.floor(perPodAtTarget * hpa.spec.minReplicas)} / ${Math.floor(perPodAtTarget * hpa.spec.maxReplicas)} req/s`],
  [`peak RSS ÷ memory request (HPA target ${target('memory')} %)`, `${((peakRssMb / memRequest) * 100).toFixed(0)} %`],
  ['peak RSS ÷ memory limit', `${((peakRssMb / memLimit) * 100).toFixed(0)} %`],
];
const width = Math.max(...lines.map(([k]) => k.length));
for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`);
console.log('\nComputed from a single-process SQLite measurement; replicas on PostgreSQL were not load-tested here.');
