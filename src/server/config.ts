import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Environment variables Candor reads, validated once at start. */
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
  CANDOR_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  CANDOR_DEMO: z.enum(['0', '1'], { message: 'CANDOR_DEMO must be 0 or 1' }).default('1'),
  CANDOR_DEMO_PASSWORD: z.string().min(10, 'CANDOR_DEMO_PASSWORD must have at least 10 characters').optional(),
  CANDOR_PUBLIC_URL: z.url({ message: 'CANDOR_PUBLIC_URL must be an absolute http(s) URL' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must look like smtp://user:pass@host:port or smtps://…')
    .optional(),
  SMTP_FROM: z.string().default('Candor <candor@localhost>'),
  CANDOR_SESSION_SECRET: z.string().min(32, 'CANDOR_SESSION_SECRET must have at least 32 characters').optional(),
  CANDOR_CLOCK_START: z.iso.datetime({ offset: true, message: 'CANDOR_CLOCK_START must be an ISO date-time, e.g. 2026-11-18T09:00:00Z' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CANDOR_GITHUB_API_URL: z
    .url({ message: 'CANDOR_GITHUB_API_URL must be an absolute http(s) URL, e.g. https://github.example.com/api/v3 for GitHub Enterprise Server' })
    .regex(/^https?:\/\//, 'CANDOR_GITHUB_API_URL must be an absolute http(s) URL')
    .default('https://api.github.com'),
  CANDOR_TRUST_PROXY: z
    .string()
    .refine((v) => parseTrustProxy(v) !== null, {
      message:
        'CANDOR_TRUST_PROXY must be the number of proxies in front of Candor (1–10), or a comma-separated list of their addresses or CIDR ranges (or loopback, linklocal, uniquelocal)',
    })
    .optional(),
  CANDOR_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1'], { message: 'CANDOR_WEBHOOK_ALLOW_PRIVATE must be 0 or 1' }).default('0'),
  CANDOR_DB_POOL_SIZE: z.coerce
    .number({ message: 'CANDOR_DB_POOL_SIZE must be a number' })
    .int('CANDOR_DB_POOL_SIZE must be a whole number')
    .min(2, 'CANDOR_DB_POOL_SIZE must be between 2 and 100 (one connection is the live events’ LISTEN)')
    .max(100, 'CANDOR_DB_POOL_SIZE must be between 2 and 100 (one connection is the live events’ LISTEN)')
    .default(10),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  demoPassword: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  sessionSecret: string;
  logLevel: string;
  /** true when the public URL is https: cookies are then marked Secure. */
  secureCookies: boolean;
  /** GitHub REST API base for issue imports from a repository (GitHub Enterprise Server: https://HOST/api/v3). */
  githubApiUrl: string;
  /** Runs the server's clock from this instant at real speed (rehearsals, demos of a given day, multi-process tests); unset: the system clock. */
  clockStart: Date | undefined;
  /** Proxies whose X-Forwarded-For is believed (CANDOR_TRUST_PROXY): a hop count or their addresses; false: none. */
  trustProxy: false | number | string[];
  /** Webhooks may be sent to loopback, private and link-local addresses (tests and closed networks only, ADR 0026). */
  webhookAllowPrivate: boolean;
  /** PostgreSQL connections this process opens at most, the live events' LISTEN included (docs/deploy.md); unused on SQLite. */
  dbPoolSize: number;
}

/**
 * Which proxies' X-Forwarded-For Candor believes, so that "the client's address" (sign-in limits, logs)
 * is the browser's, not Caddy's or nginx's: a hop count, or the proxies' addresses. null: not valid.
 */
export function parseTrustProxy(v: string): number | string[] | null {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 10 ? n : null;
  }
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  for (const p of parts) {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) continue;
    const [addr, bits, ...rest] = p.split('/');
    if (rest.length > 0 || !addr || !ipaddr.isValid(addr)) return null;
    if (bits !== undefined) {
      const max = ipaddr.parse(addr).kind() === 'ipv4' ? 32 : 128;
      if (!/^\d+$/.test(bits) || Number(bits) > max) return null;
    }
  }
  return parts;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every bad value. */
export function parseEnv(env: NodeJS.ProcessEnv): z.infer<typeof EnvSchema> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/** Reads (or creates once) the session secret kept in the data folder. */
function sessionSecretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(env);
  const dataDir = path.resolve(e.CANDOR_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const publicUrl = (e.CANDOR_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    demo: e.CANDOR_DEMO === '1',
    demoPassword: e.CANDOR_DEMO_PASSWORD,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    sessionSecret: e.CANDOR_SESSION_SECRET ?? sessionSecretFromDataDir(dataDir),
    logLevel: e.LOG_LEVEL,
    secureCookies: publicUrl.startsWith('https://'),
    githubApiUrl: e.CANDOR_GITHUB_API_URL.replace(/\/+$/, ''),
    clockStart: e.CANDOR_CLOCK_START ? new Date(e.CANDOR_CLOCK_START) : undefined,
    webhookAllowPrivate: e.CANDOR_WEBHOOK_ALLOW_PRIVATE === '1',
    trustProxy: e.CANDOR_TRUST_PROXY ? (parseTrustProxy(e.CANDOR_TRUST_PROXY) ?? false) : false,
    dbPoolSize: e.CANDOR_DB_POOL_SIZE,
  };
}
