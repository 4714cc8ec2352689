import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to SQLite on 127.0.0.1:3000 with demo data and a generated, kept session secret', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-config-'));
    try {
      const c = loadConfig({ CANDOR_DATA_DIR: dir });
      expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, demo: true, publicUrl: 'http://127.0.0.1:3000', secureCookies: false });
      expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(c.sessionSecret);
      expect(loadConfig({ CANDOR_DATA_DIR: dir }).sessionSecret).toBe(c.sessionSecret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every bad value with a clear message', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CANDOR_DEMO: 'yes', CANDOR_DEMO_PASSWORD: 'short', CANDOR_PUBLIC_URL: 'not a url', CANDOR_CLOCK_START: 'next tuesday' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'CANDOR_DEMO', 'CANDOR_DEMO_PASSWORD', 'CANDOR_PUBLIC_URL', 'CANDOR_CLOCK_START']) expect(problems).toContain(name);
    }
  });

  it('https public URLs make cookies Secure', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-config-'));
    try {
      expect(loadConfig({ CANDOR_DATA_DIR: dir, CANDOR_PUBLIC_URL: 'https://candor.example.com/' })).toMatchObject({ secureCookies: true, publicUrl: 'https://candor.example.com' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CANDOR_TRUST_PROXY', () => {
  it('takes a hop count or the proxies’ addresses and ranges, and refuses anything else by name', async () => {
    const { parseEnv, parseTrustProxy } = await import('./config');
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['0', '11', 'true', '10.0.0.0/33', '300.1.1.1', 'proxy.example', '10.0.0.0/8/1', ',']) expect(parseTrustProxy(bad), bad).toBeNull();
    expect(() => parseEnv({ CANDOR_TRUST_PROXY: 'yes' })).toThrow(/CANDOR_TRUST_PROXY must be the number of proxies/);
  });
});
