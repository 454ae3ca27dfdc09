import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerIsGone } from '../../src/jobs/runner.js';

const host = hostname();
const self = `${host}:${process.pid}:aaaa1111`;

describe('ownerIsGone (which jobs a starting server may release at once)', () => {
  it('a process on this host whose pid no longer runs is gone', () => {
    expect(ownerIsGone(`${host}:999999999:bbbb2222`, self)).toBe(true);
  });
  it('our own pid under another instance is gone (a container restarted as the same pid)', () => {
    expect(ownerIsGone(`${host}:${process.pid}:bbbb2222`, self)).toBe(true);
  });
  it('a live process on this host is not gone (another server on the same machine)', () => {
    expect(ownerIsGone(`${host}:${process.ppid}:bbbb2222`, self)).toBe(false);
  });
  it('ourselves, another host, or an unreadable owner are never released here', () => {
    expect(ownerIsGone(self, self)).toBe(false);
    expect(ownerIsGone('other-host:999999999:bbbb2222', self)).toBe(false);
    expect(ownerIsGone('garbage', self)).toBe(false);
    expect(ownerIsGone(`${host}:abc:bbbb2222`, self)).toBe(false);
  });
});
