import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K8S, podSpecOf, render, secretRefs } from './manifests.js';

const SCRIPT = resolve(K8S, 'deploy.sh');
const dir = mkdtempSync(join(tmpdir(), 'harvest-deploy-'));
const SECRET_VALUES = { api: 'k'.repeat(12) + 'SECRETAPIKEY', db: 'pgPASSWORDsecret', redis: 'redisPASSWORDsecret', slack: 'https://hooks.slack.com/services/T000/B000/SLACKSECRET' };

const envFile = (name: string, body: string): string => {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
};

const full = envFile(
  'full.env',
  [
    '# a comment',
    `HARVEST_API_KEYS=${SECRET_VALUES.api}`,
    `DATABASE_URL=postgres://harvest:${SECRET_VALUES.db}@db:5432/harvest`,
    `REDIS_URL="redis://:${SECRET_VALUES.redis}@redis:6379"`,
    `SLACK_WEBHOOK_URL=${SECRET_VALUES.slack}`,
    'OPENAI_API_KEY=',
    'POSTGRES_PASSWORD=compose-only',
    '',
  ].join('\n'),
);

const run = (...args: string[]) => {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
};

/** The `+ …` command lines a dry run printed. */
const commands = (out: string): string[] => out.split('\n').filter((l) => l.startsWith('+ '));

const noSecrets = (text: string): void => {
  for (const v of Object.values(SECRET_VALUES)) expect(text).not.toContain(v);
  expect(text).not.toContain('compose-only');
};

describe('deploy.sh --dry-run', () => {
  for (const variant of ['single', 'scaled'] as const) {
    const workload = variant === 'scaled' ? 'deployment/signal-harvester' : 'statefulset/signal-harvester';

    it(`deploy ${variant}: namespace, Secret from .env, apply, checksum, rollout wait, health check, access`, () => {
      const r = run('--dry-run', '--env-file', full, 'deploy', variant);
      expect(r.code, r.all).toBe(0);
      const cmds = commands(r.out);
      expect(cmds[0]).toMatch(/^\+ kubectl apply -f .*deploy\/k8s\/base\/namespace\.yaml$/);
      expect(cmds[1]).toContain('create secret generic signal-harvester-secrets --from-env-file=<HARVEST_API_KEYS,DATABASE_URL,REDIS_URL,SLACK_WEBHOOK_URL>');
      expect(cmds[2]).toMatch(new RegExp(`^\\+ kubectl apply -k .*deploy/k8s/overlays/${variant}$`));
      expect(cmds[3]).toContain(`patch ${workload} --type merge`);
      expect(cmds[4]).toBe(`+ kubectl --namespace signal-harvester rollout status ${workload} --timeout=300s`);
      expect(cmds[5]).toContain(`exec ${workload} -c app -- node -e fetch('http://127.0.0.1:8000/health/ready')`);
      expect(r.out).toContain('port-forward svc/signal-harvester 8000:8000');
      // Empty and unknown keys stay out; unknown ones are named (never their values).
      expect(cmds[1]).not.toContain('OPENAI_API_KEY');
      expect(r.err).toContain('ignoring POSTGRES_PASSWORD');
      noSecrets(r.all);
    });

    it(`status ${variant}, rollback ${variant} and cleanup ${variant} print their commands`, () => {
      const status = run('--dry-run', 'status', variant);
      expect(status.code, status.all).toBe(0);
      expect(commands(status.out)).toContain(`+ kubectl --namespace signal-harvester rollout history ${workload}`);
      if (variant === 'scaled') expect(commands(status.out)).toContain('+ kubectl --namespace signal-harvester get hpa,pdb,cronjob,jobs');

      const rollback = run('--dry-run', 'rollback', variant);
      expect(rollback.code, rollback.all).toBe(0);
      expect(commands(rollback.out).slice(0, 2)).toEqual([
        `+ kubectl --namespace signal-harvester rollout undo ${workload}`,
        `+ kubectl --namespace signal-harvester rollout status ${workload} --timeout=300s`,
      ]);

      const cleanup = run('--dry-run', 'cleanup', variant);
      expect(cleanup.code, cleanup.all).toBe(0);
      expect(commands(cleanup.out)).toContain('+ kubectl --namespace signal-harvester delete secret signal-harvester-secrets --ignore-not-found');
      expect(commands(cleanup.out).some((c) => c.includes('delete namespace'))).toBe(false);
      expect(cleanup.out).toContain('kept: namespace signal-harvester');
      const wipe = run('--dry-run', '--delete-data', 'cleanup', variant);
      expect(commands(wipe.out)).toContain('+ kubectl delete namespace signal-harvester --ignore-not-found');
    });
  }

  it('creates the Secret the manifests read, and only with the keys they may read', () => {
    const r = run('--dry-run', '--env-file', full, 'deploy', 'scaled');
    const created = /create secret generic (\S+) --from-env-file=<([^>]+)>/.exec(r.out);
    const referenced = new Set(['single', 'scaled'].flatMap((v) => render(resolve(K8S, 'overlays', v)).filter((o) => podSpecOf(o)).flatMap(secretRefs).map((x) => x.name)));
    expect(referenced).toEqual(new Set([created?.[1]]));
  });

  it('refuses a scaled deploy without DATABASE_URL and REDIS_URL, naming them, before running anything', () => {
    const r = run('--dry-run', '--env-file', envFile('partial.env', `HARVEST_API_KEYS=${SECRET_VALUES.api}\n`), 'deploy', 'scaled');
    expect(r.code).toBe(1);
    expect(r.err).toContain('lacks required keys for the scaled overlay: DATABASE_URL REDIS_URL');
    expect(commands(r.out)).toEqual([]);
    const single = run('--dry-run', '--env-file', envFile('partial2.env', `HARVEST_API_KEYS=${SECRET_VALUES.api}\n`), 'deploy', 'single');
    expect(single.code, single.all).toBe(0);
  });

  it('rejects a missing env file, a malformed line, unknown arguments and a missing command', () => {
    expect(run('--dry-run', '--env-file', join(dir, 'nope.env'), 'deploy').err).toContain('no env file at');
    const bad = run('--dry-run', '--env-file', envFile('bad.env', `HARVEST_API_KEYS=${SECRET_VALUES.api}\nthis is not a pair\n`), 'deploy');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cannot read line 'this is not a pair");
    expect(run('--dry-run', 'deploy', 'huge').err).toContain('unknown argument: huge');
    expect(run('--dry-run').err).toContain('missing command');
    expect(run('--timeout', 'soon', 'status').err).toContain('--timeout needs a number of seconds');
  });
});

/**
 * The real (non-dry-run) path against a stand-in `kubectl` first on PATH: it records its argv and
 * stdin, passes `kustomize` through to the real kubectl, and fails `rollout status` on request.
 * There is no cluster here; this checks what the script would send to one.
 */
describe('deploy.sh against a recording kubectl', () => {
  const bin = join(dir, 'bin');
  const log = join(dir, 'kubectl.log');
  const realKubectl = spawnSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  const setup = (): void => {
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(
      join(bin, 'kubectl'),
      [
        '#!/usr/bin/env bash',
        `if [[ "$1" == "kustomize" ]]; then exec ${realKubectl} "$@"; fi`,
        // One write per line: the two kubectl processes of a pipeline append to the log at once.
        `printf 'ARGV:%s\\n' "$(printf ' %s' "$@")" >> ${log}`,
        // Secret files are read the way kubectl would read them, and recorded.
        `for a in "$@"; do case "$a" in --from-env-file=*) f="\${a#--from-env-file=}"; printf 'FILE %s\\n' "$f" >> ${log}; r="$(sed 's/^/ENV /' "$f")"; printf '%s\\n' "$r" >> ${log};; esac; done`,
        `if [[ "$*" == *"apply -f -"* ]]; then r="$(sed 's/^/STDIN /')"; printf '%s\\n' "$r" >> ${log}; fi`,
        `if [[ "$*" == *"create secret generic"* ]]; then echo "apiVersion: v1"; echo "kind: Secret"; fi`,
        'if [[ "$*" == *"rollout status"* && -n "${FAIL_ROLLOUT:-}" ]]; then echo "timed out" >&2; exit 1; fi',
        'exit 0',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    writeFileSync(log, '');
  };
  const real = (extraEnv: Record<string, string>, ...args: string[]) => {
    const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/tmp', ...extraEnv } });
    return { code: r.status, out: r.stdout, err: r.stderr, log: readFileSync(log, 'utf8') };
  };

  it('runs the commands it prints, passes secrets only through a private file it deletes, and never on argv', () => {
    setup();
    const r = real({}, '--env-file', full, 'deploy', 'scaled');
    expect(r.code, r.out + r.err).toBe(0);
    const argv = r.log.split('\n').filter((l) => l.startsWith('ARGV:'));
    expect(argv[0]).toBe('ARGV: cluster-info');
    expect(argv).toContain(`ARGV: apply -k ${resolve(K8S, 'overlays/scaled')}`);
    expect(argv.some((l) => l.startsWith('ARGV: --namespace signal-harvester create secret generic signal-harvester-secrets --from-env-file=/'))).toBe(true);
    expect(argv).toContain('ARGV: --namespace signal-harvester rollout status deployment/signal-harvester --timeout=300s');
    for (const l of argv) for (const v of Object.values(SECRET_VALUES)) expect(l).not.toContain(v);
    // kubectl got the values through the file: the allowed keys only, empty ones left out.
    const env = r.log.split('\n').filter((l) => l.startsWith('ENV ')).map((l) => l.slice(4).split('=')[0]);
    expect(env).toEqual(['HARVEST_API_KEYS', 'DATABASE_URL', 'REDIS_URL', 'SLACK_WEBHOOK_URL']);
    const file = /FILE (\S+)/.exec(r.log)?.[1] as string;
    expect(spawnSync('test', ['-e', file]).status).toBe(1);
    noSecrets(r.out + r.err);
  });

  it('a rollout that does not finish exits 1 and says how to inspect and roll back', () => {
    setup();
    const r = real({ FAIL_ROLLOUT: '1' }, '--env-file', full, 'deploy', 'single');
    expect(r.code).toBe(1);
    expect(r.err).toContain('the rollout did not finish; inspect with');
    expect(r.err).toContain('rollback single');
    expect(r.log).not.toContain('ARGV: --namespace signal-harvester exec');
  });

  it('cleanup without --yes asks, and cancels on anything but y', () => {
    setup();
    const r = spawnSync('bash', [SCRIPT, 'cleanup', 'single'], { encoding: 'utf8', input: 'n\n', env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: '/tmp' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cleanup cancelled');
    expect(readFileSync(log, 'utf8')).not.toContain('delete');
  });
});
