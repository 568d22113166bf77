// Environment -> one typed, validated config object. A wrong value stops the boot with a clear message.
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import { fromRoot } from './paths.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default(fromRoot('db', 'data')),
  BASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = parseTrustProxy(v);
      if (t === null)
        ctx.addIssue({
          code: 'custom',
          message: 'TRUST_PROXY must be false, true (one proxy), a hop count or a comma-separated list of proxy addresses/CIDRs',
        });
      return t ?? false;
    }),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Partnerships <no-reply@localhost>'),
  /** 'starttls' (upgrade when offered), 'tls' (implicit TLS, port 465) or 'none'. */
  SMTP_TLS: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** How long to wait for the SMTP server to answer at each step, and for the whole message after DATA. */
  SMTP_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  SMTP_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Emails sent at the same time (each on its own connection). */
  SMTP_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(3),
  /** A send whose outcome is unknown (timeout after DATA) is retried once, this much later. */
  SMTP_UNKNOWN_RETRY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(12 * 60),
  REMINDER_CRON: z.string().default('*/5 * * * *'),
  /** When the server takes its daily online backup; "off" to leave backups to the operator. */
  BACKUP_CRON: z.string().default('30 2 * * *'),
  BACKUP_DIR: z.string().optional(),
  /** /readyz reports not ready when the data folder's disk has less free space than this. */
  MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(200),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface SmtpConfig {
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  tls: 'starttls' | 'tls' | 'none';
  connectTimeoutMs?: number;
  socketTimeoutMs?: number;
  concurrency?: number;
  unknownRetryMinutes?: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  baseUrl: string;
  sessionSecret: string;
  /** false: no proxy; a number: that many proxy hops; a list: the proxies' addresses or CIDRs (never "trust all"). */
  trustProxy: boolean | number | string[];
  smtp: SmtpConfig | null;
  reminderCron: string;
  logLevel: string;
  /** Daily online backups: cron pattern (null: off) and folder. Absent in tests: no backups. */
  backup?: { cron: string | null; dir: string };
  /** Free space the data folder's disk must have for /readyz (bytes). */
  minFreeDiskBytes?: number;
}

/** Everything wrong with the environment, in one message, one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function validCron(pattern: string): string | null {
  try {
    new Cron(pattern, { paused: true }).stop();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      problems.push(`${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? '')})`);
  }
  // Checks across fields and of values zod cannot judge alone, reported with the rest.
  const cron = env.REMINDER_CRON ?? '*/5 * * * *';
  const cronError = validCron(cron);
  if (cronError) problems.push(`REMINDER_CRON: "${cron}" is not a cron pattern (${cronError})`);
  const backupCron = env.BACKUP_CRON ?? '30 2 * * *';
  const backupCronError = backupCron === 'off' ? null : validCron(backupCron);
  if (backupCronError) problems.push(`BACKUP_CRON: "${backupCron}" is not a cron pattern or "off" (${backupCronError})`);
  if (env.BASE_URL && !/^https?:\/\//.test(env.BASE_URL))
    problems.push(`BASE_URL: must start with http:// or https:// (got "${env.BASE_URL}")`);
  if (env.SMTP_USER && env.SMTP_PASSWORD === undefined) problems.push('SMTP_PASSWORD: required when SMTP_USER is set');
  if (!env.SMTP_HOST && env.SMTP_USER) problems.push('SMTP_HOST: required when other SMTP_ settings are given');
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseFile: join(e.DATA_DIR, 'app.sqlite'),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    // Created only once the server has checked the data folder (see ensureSessionSecret).
    sessionSecret: e.SESSION_SECRET ?? existingSecret(e.DATA_DIR) ?? '',
    trustProxy: e.TRUST_PROXY,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          user: e.SMTP_USER,
          password: e.SMTP_PASSWORD,
          from: e.SMTP_FROM,
          tls: e.SMTP_TLS,
          connectTimeoutMs: e.SMTP_CONNECT_TIMEOUT_MS,
          socketTimeoutMs: e.SMTP_SOCKET_TIMEOUT_MS,
          concurrency: e.SMTP_CONCURRENCY,
          unknownRetryMinutes: e.SMTP_UNKNOWN_RETRY_MINUTES,
        }
      : null,
    reminderCron: e.REMINDER_CRON,
    logLevel: e.LOG_LEVEL,
    backup: { cron: e.BACKUP_CRON === 'off' ? null : e.BACKUP_CRON, dir: e.BACKUP_DIR ?? join(e.DATA_DIR, 'backups') },
    minFreeDiskBytes: e.MIN_FREE_DISK_MB * 1024 * 1024,
  };
}

/**
 * TRUST_PROXY: unset/false/0 = no proxy; true = one proxy hop (the right-most X-Forwarded-For entry,
 * written by our proxy, is the client); a number = that many hops; otherwise a comma-separated list of
 * the proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal). Never "trust every hop": the left-most entry is whatever the client wrote.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') return 1;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 20);
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0 || !list.every((a) => /^([0-9a-f.:]+(\/\d{1,3})?|loopback|linklocal|uniquelocal)$/.test(a))) return null;
  return list;
}

function existingSecret(dataDir: string): string | null {
  const file = join(dataDir, 'session-secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/**
 * Without SESSION_SECRET, make one on first start and keep it beside the database, so restarts keep
 * sessions. Called after the database check: the file is also the sign that an installation exists.
 */
export function ensureSessionSecret(config: Config): void {
  if (config.sessionSecret) return;
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(join(config.dataDir, 'session-secret'), secret, { mode: 0o600 });
  config.sessionSecret = secret;
}
