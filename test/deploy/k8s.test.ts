import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { ENV_BINDINGS } from '../../src/config/env.js';
import { K8S, ROOT, podLabelsOf, podSpecOf, render, schemaErrors, secretRefs, type K8sObject } from './manifests.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const SECRET = 'signal-harvester-secrets';
const NAMESPACE = 'signal-harvester';
const overlays = { single: render(resolve(K8S, 'overlays/single')), scaled: render(resolve(K8S, 'overlays/scaled')) };
const template = parse(readFileSync(resolve(K8S, 'secret.template.yaml'), 'utf8')) as K8sObject;
const workloads = (objs: K8sObject[]) => objs.filter((o) => podSpecOf(o) !== undefined);
const one = (objs: K8sObject[], kind: string, name?: string): K8sObject => {
  const found = objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0] as K8sObject;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('schema validation (kubernetes-models, no cluster)', () => {
  it('catches a broken object, so a pass means something', () => {
    const d = structuredClone(one(overlays.scaled, 'Deployment'));
    d.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand';
    expect(schemaErrors(d)).toMatch(/containerPort must be integer/);
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toMatch(/no Kubernetes schema/);
  });

  for (const [name, objs] of Object.entries(overlays)) {
    it(`every object of the ${name} overlay validates against its schema`, () => {
      expect(objs.length).toBeGreaterThanOrEqual(9);
      const errors = objs.map((o) => [`${o.kind}/${o.metadata.name}`, schemaErrors(o)]).filter(([, e]) => e !== undefined);
      expect(errors).toEqual([]);
    });
  }

  it('the Secret template validates too and holds no values', () => {
    expect(schemaErrors(template)).toBeUndefined();
    expect(Object.values(template.stringData as Record<string, string>).every((v) => v === '')).toBe(true);
  });
});

for (const [name, objs] of Object.entries(overlays)) {
  describe(`policies: ${name} overlay`, () => {
    it('has the shared objects: Namespace, ConfigMap, ServiceAccount without token, Service, Ingress, NetworkPolicy', () => {
      for (const kind of ['Namespace', 'ConfigMap', 'ServiceAccount', 'Ingress']) expect(objs.some((o) => o.kind === kind), kind).toBe(true);
      expect(one(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
      expect(objs.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === NAMESPACE)).toBe(true);
    });

    it('pins every image (a version tag, never latest)', () => {
      const images = workloads(objs).flatMap((w) => podSpecOf(w).containers.map((c: any) => c.image as string));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(image).toMatch(/:(\d+\.\d+\.\d+)$|@sha256:[0-9a-f]{64}$/);
        expect(image).not.toMatch(/:latest$/);
      }
    });

    it('gives every container resources and a hardened securityContext; pods run without a token', () => {
      for (const w of workloads(objs)) {
        const spec = podSpecOf(w);
        expect(spec.automountServiceAccountToken, w.metadata.name).toBe(false);
        expect(spec.securityContext.runAsNonRoot).toBe(true);
        expect(spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
        for (const c of spec.containers) {
          const where = `${w.kind}/${w.metadata.name}/${c.name}`;
          for (const k of ['cpu', 'memory']) {
            expect(c.resources?.requests?.[k], `${where} requests.${k}`).toBeDefined();
            expect(c.resources?.limits?.[k], `${where} limits.${k}`).toBeDefined();
          }
          const sc = c.securityContext ?? {};
          expect(sc.runAsNonRoot, where).toBe(true);
          expect(sc.runAsUser ?? spec.securityContext.runAsUser, where).toBeGreaterThan(0);
          expect(sc.readOnlyRootFilesystem, where).toBe(true);
          expect(sc.allowPrivilegeEscalation, where).toBe(false);
          expect(sc.capabilities?.drop, where).toContain('ALL');
          expect((sc.seccompProfile ?? spec.securityContext.seccompProfile).type, where).toBe('RuntimeDefault');
        }
      }
    });

    it('probes every serving container on the health routes and drains before stopping', () => {
      const serving = workloads(objs).filter((w) => w.kind === 'Deployment' || w.kind === 'StatefulSet');
      expect(serving).toHaveLength(1);
      for (const w of serving) {
        for (const c of podSpecOf(w).containers) {
          expect(c.startupProbe?.httpGet?.path).toBe('/health/startup');
          expect(c.readinessProbe?.httpGet?.path).toBe('/health/ready');
          expect(c.livenessProbe?.httpGet?.path).toBe('/health/live');
          expect(c.lifecycle?.preStop).toBeDefined();
          expect(c.args).toEqual(expect.arrayContaining(['serve', '--host', '0.0.0.0', '--port', '8000']));
        }
      }
    });

    it('reads exactly the Secret deploy.sh creates, with keys the application knows', () => {
      const refs = workloads(objs).flatMap(secretRefs);
      expect(refs.length).toBeGreaterThan(0);
      expect(new Set(refs.map((r) => r.name))).toEqual(new Set([SECRET]));
      expect(template.metadata.name).toBe(SECRET);
      const templateKeys = Object.keys(template.stringData as Record<string, string>);
      for (const r of refs) if (r.key) expect(templateKeys).toContain(r.key);
      // The Secret's keys are the secret environment variables the config reads (src/config/env.ts).
      expect(new Set(templateKeys)).toEqual(new Set(ENV_BINDINGS.filter((b) => b.secret).map((b) => b.name)));
      // The example .env for deploy.sh offers exactly these keys, all empty.
      const example = readFileSync(resolve(K8S, 'secrets.env.example'), 'utf8').split('\n').filter((l) => /^[A-Z]/.test(l));
      expect(example.map((l) => l.split('=')[0])).toEqual(templateKeys);
      expect(example.every((l) => l.endsWith('='))).toBe(true);
      // The manifests never carry a Secret object themselves (no real values in the repo).
      expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
    });

    it('has NetworkPolicies: ingress only from the ingress controller and Prometheus, egress only DNS/HTTPS/PostgreSQL/Redis', () => {
      const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
      const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0);
      expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(deny?.spec.ingress).toBeUndefined();
      const app = policies.find((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'signal-harvester') as K8sObject;
      for (const w of workloads(objs)) expect(matches(app.spec.podSelector.matchLabels, podLabelsOf(w)), w.metadata.name).toBe(true);
      const sources = app.spec.ingress.flatMap((r: any) => r.from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']));
      expect(sources.sort()).toEqual(['ingress-nginx', 'monitoring']);
      const egressPorts = app.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
      expect([...new Set(egressPorts)].sort()).toEqual([443, 53, 5432, 6379].sort());
    });

    it('routes the Service to the API pods and exposes it through a TLS ingress with limits and CORS', () => {
      const svc = one(objs, 'Service', 'signal-harvester');
      const api = workloads(objs).find((w) => w.kind !== 'CronJob') as K8sObject;
      expect(matches(svc.spec.selector, podLabelsOf(api))).toBe(true);
      const ing = one(objs, 'Ingress');
      expect(ing.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeTruthy();
      expect(ing.spec.tls[0].secretName).toBeTruthy();
      expect(ing.metadata.annotations?.['nginx.ingress.kubernetes.io/limit-rps']).toMatch(/^\d+$/);
      expect(ing.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('1m');
      expect(ing.metadata.annotations?.['nginx.ingress.kubernetes.io/enable-cors']).toBe('true');
      expect(ing.spec.rules[0].http.paths[0].backend.service.name).toBe(svc.metadata.name);
    });

    it('mounts a settings file the application accepts', () => {
      const cm = one(objs, 'ConfigMap');
      const file = join(mkdtempSync(join(tmpdir(), 'harvest-k8s-')), 'settings.yaml');
      writeFileSync(file, cm.data['settings.yaml']);
      const { HARVEST_CONFIG: _mounted, 'settings.yaml': _file, ...env } = cm.data as Record<string, string>;
      const { config } = loadConfig(env, { file });
      expect(config.api.host).toBe('0.0.0.0');
      expect(config.store.path).toBe('/data/harvest.db');
      expect(cm.data.HARVEST_CONFIG).toBe('/etc/harvest/settings.yaml');
      for (const w of workloads(objs)) {
        const mounts = podSpecOf(w).containers[0].volumeMounts as Array<{ mountPath: string }>;
        expect(mounts.map((m) => m.mountPath)).toContain('/etc/harvest');
        expect(mounts.map((m) => m.mountPath)).toContain('/tmp');
      }
    });
  });
}

describe('single overlay', () => {
  const objs = overlays.single;
  it('is one StatefulSet replica with a volume for SQLite and the pipeline in-process', () => {
    const sts = one(objs, 'StatefulSet');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
    const c = sts.spec.template.spec.containers[0];
    expect(c.volumeMounts.find((m: any) => m.name === 'data').mountPath).toBe('/data');
    expect(c.args).toEqual(expect.arrayContaining(['--schedule']));
    expect(objs.some((o) => ['Deployment', 'HorizontalPodAutoscaler', 'CronJob'].includes(o.kind))).toBe(false);
  });
});

describe('scaled overlay', () => {
  const objs = overlays.scaled;
  const dep = one(objs, 'Deployment');
  it('rolls the API out with no unavailable pod, spread over nodes', () => {
    expect(dep.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(dep.spec.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(dep.spec.template.spec.containers[0].args).not.toContain('--schedule');
  });

  it('autoscales 2–10 on CPU 70 % and memory 80 % with the report’s behaviour', () => {
    const hpa = one(objs, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    const target = (name: string) => hpa.spec.metrics.find((m: any) => m.resource.name === name).resource.target.averageUtilization;
    expect([target('cpu'), target('memory')]).toEqual([70, 80]);
    expect(hpa.spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 60, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] });
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
  });

  it('keeps one pod through voluntary disruptions', () => {
    const pdb = one(objs, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(matches(pdb.spec.selector.matchLabels, podLabelsOf(dep))).toBe(true);
  });

  it('runs the pipeline as a CronJob that never overlaps', () => {
    const cron = one(objs, 'CronJob');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args[0]).toBe('pipeline');
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(matches(one(objs, 'Service').spec.selector, podLabelsOf(cron))).toBe(false);
  });
});

describe('monitoring layout', () => {
  it('the compose file and the guide point at the monitoring paths of the cross-issue contract', () => {
    const compose = readFileSync(resolve(ROOT, 'deploy/compose/compose.yaml'), 'utf8');
    for (const p of ['../monitoring/prometheus/prometheus.yml', '../monitoring/prometheus/rules', '../monitoring/alertmanager/alertmanager.yml', '../monitoring/grafana/provisioning', '../monitoring/grafana/dashboards']) {
      expect(compose).toContain(p);
    }
  });
});
