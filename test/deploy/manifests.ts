import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const K8S = resolve(ROOT, 'deploy/k8s');

// Loosely typed views of rendered objects: the tests read whatever the manifests hold.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: any };

/** `kubectl kustomize <dir>` parsed into objects (kubectl renders offline; no cluster needed). */
export const render = (dir: string): K8sObject[] => {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject).filter(Boolean);
};

const require = createRequire(import.meta.url);

/**
 * Validates an object against the Kubernetes OpenAPI schema of its apiVersion/kind, as generated
 * into the `kubernetes-models` package (types, required fields, enums, formats). Returns the
 * validator's message, or undefined when valid.
 */
export const schemaErrors = (obj: K8sObject): string | undefined => {
  let Model: new (o: unknown) => { validate(): void };
  try {
    const mod = require(`kubernetes-models/${obj.apiVersion}/${obj.kind}`) as Record<string, new (o: unknown) => { validate(): void }>;
    Model = mod[obj.kind] as new (o: unknown) => { validate(): void };
  } catch {
    return `no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`;
  }
  try {
    new Model(obj).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

/** The pod spec of a workload (Deployment, StatefulSet, CronJob, Job), or undefined. */
export const podSpecOf = (o: K8sObject): any => {
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) return o.spec?.template?.spec;
  return undefined;
};

export const podLabelsOf = (o: K8sObject): Record<string, string> =>
  (o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.metadata?.labels : o.spec?.template?.metadata?.labels) ?? {};

/** Every Secret a workload reads: envFrom, env valueFrom, volumes. */
export const secretRefs = (o: K8sObject): Array<{ name: string; key?: string }> => {
  const spec = podSpecOf(o);
  if (!spec) return [];
  const refs: Array<{ name: string; key?: string }> = [];
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const e of c.envFrom ?? []) if (e.secretRef) refs.push({ name: e.secretRef.name });
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) refs.push({ name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key });
  }
  for (const v of spec.volumes ?? []) if (v.secret) refs.push({ name: v.secret.secretName });
  return refs;
};
