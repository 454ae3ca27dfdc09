import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './manifests.js';
import { SERVER_NODE_FLAGS } from '../../bench/server-flags.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
// No Docker engine on this machine: the image is never built here. What can be checked offline is:
// the Dockerfile parses and lints clean (dockerfile-utils, the linter of the VS Code Docker
// extension), its policies hold, the compose file is well-formed, and deploy.sh passes shellcheck.
const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

describe('Dockerfile', () => {
  it('lints clean, and the linter does flag a broken file', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(validate('FROM node\nEXPOSE eighty\nUSER\n').length).toBeGreaterThanOrEqual(2);
  });

  it('builds in stages on a pinned slim Node 20 image, running the project build and the dashboard build', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(base).toMatch(/^node:20\.\d+\.\d+-[a-z]+-slim$/);
    expect(pkg.engines.node).toMatch(/^>=20/);
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
    expect(dockerfile).toMatch(/npm ci /);
    expect(dockerfile).toMatch(/npm run build /);
    expect(dockerfile).toMatch(/npm run build:web --if-present/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/web\/dist \.\/web\/dist/);
  });

  it('runs as a non-root user with a health check on the liveness route', () => {
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.at(-1)).toBe('USER 10001:10001');
    expect(instructions.findIndex((l) => l.startsWith('USER '))).toBeGreaterThan(instructions.findIndex((l) => l.startsWith('FROM ${NODE_IMAGE} AS runtime')));
    expect(dockerfile).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \[[^\n]*\/health\/live/);
    expect(instructions.find((l) => l.startsWith('CMD '))).toContain('"serve", "--host", "0.0.0.0", "--port", "8000"');
    expect(dockerfile).toMatch(/postgresql-client/);
  });

  it('starts Node with the V8 flags bench:api measures the server with', () => {
    const env = /^\s*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1];
    expect(env?.split(/\s+/)).toEqual([...SERVER_NODE_FLAGS]);
  });

  it('.dockerignore keeps secrets, dependencies and build output out of the context', () => {
    const ignore = readFileSync(resolve(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['.env', 'node_modules', 'dist', '.git', 'var']) expect(ignore).toContain(p);
  });
});

describe('compose', () => {
  const compose = parse(readFileSync(resolve(ROOT, 'deploy/compose/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, any> };
  it('runs app, Prometheus, Grafana and Alertmanager, and adds PostgreSQL and Redis in the scaled profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'app', 'grafana', 'postgres', 'prometheus', 'redis']);
    for (const s of ['app', 'prometheus', 'grafana', 'alertmanager']) expect(compose.services[s].profiles, s).toBeUndefined();
    for (const s of ['postgres', 'redis']) expect(compose.services[s].profiles).toEqual(['scaled']);
  });

  it('every variable the compose file interpolates is offered by its .env.example', () => {
    const text = readFileSync(resolve(ROOT, 'deploy/compose/compose.yaml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{([A-Z_]+)[:}]/g)].map((m) => m[1]));
    const offered = new Set(readFileSync(resolve(ROOT, 'deploy/compose/.env.example'), 'utf8').split('\n').map((l) => /^([A-Z_]+)=/.exec(l)?.[1]).filter(Boolean));
    expect(used.size).toBeGreaterThanOrEqual(3);
    for (const v of used) expect(offered, v).toContain(v);
  });

  it('pins every image and hardens the app', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.image, name).toMatch(/:[\w.-]*\d[\w.-]*$/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
    const app = compose.services.app;
    expect(app.build.context).toBe('../..');
    expect(app.user).toBe('10001:10001');
    expect(app.read_only).toBe(true);
    expect(app.cap_drop).toEqual(['ALL']);
    expect(app.healthcheck.test.join(' ')).toContain('/health/ready');
  });
});

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!hasShellcheck) {
  if (process.env.CI) throw new Error('shellcheck is missing: .ci/run installs it with apt-get install -y shellcheck');
  console.warn('[deploy] shellcheck not found: SKIPPING the deploy.sh lint (apt-get install -y shellcheck)');
}

describe('deploy.sh lint', () => {
  it.skipIf(!hasShellcheck)('is shellcheck-clean', () => {
    const out = spawnSync('shellcheck', ['--severity=style', resolve(ROOT, 'deploy/k8s/deploy.sh')], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('parses with bash -n', () => {
    expect(() => execFileSync('bash', ['-n', resolve(ROOT, 'deploy/k8s/deploy.sh')])).not.toThrow();
  });
});
