// Environment -> one typed, validated config object. A wrong value stops the boot with a clear message.
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default(fileURLToPath(new URL('../db/data', import.meta.url))),
  BASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: z.string().optional().transform((v, ctx) => {
    const t = parseTrustProxy(v);
    if (t === null) ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be false, true (one proxy), a hop count or a comma-separated list of proxy addresses/CIDRs' });
    return t ?? false;
  }),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Partnerships <no-reply@localhost>'),
  /** 'starttls' (upgrade when offered), 'tls' (implicit TLS, port 465) or 'none'. */
  SMTP_TLS: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  REMINDER_CRON: z.string().default('*/5 * * * *'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface SmtpConfig {
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  tls: 'starttls' | 'tls' | 'none';
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseFile: join(e.DATA_DIR, 'app.sqlite'),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sessionSecret: e.SESSION_SECRET ?? persistentSecret(e.DATA_DIR),
    trustProxy: e.TRUST_PROXY,
    smtp: e.SMTP_HOST
      ? { host: e.SMTP_HOST, port: e.SMTP_PORT, user: e.SMTP_USER, password: e.SMTP_PASSWORD, from: e.SMTP_FROM, tls: e.SMTP_TLS }
      : null,
    reminderCron: e.REMINDER_CRON,
    logLevel: e.LOG_LEVEL,
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
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || !list.every((a) => /^([0-9a-f.:]+(\/\d{1,3})?|loopback|linklocal|uniquelocal)$/.test(a))) return null;
  return list;
}

/** Without SESSION_SECRET, make one on first start and keep it beside the database, so restarts keep sessions. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
