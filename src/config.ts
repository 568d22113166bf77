// Environment -> one typed, validated config object. A wrong value stops the boot with a clear message.
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bool = z.preprocess((v) => v === 'true' || v === '1', z.boolean());

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default(fileURLToPath(new URL('../db/data', import.meta.url))),
  BASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: bool.default(false),
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
  trustProxy: boolean;
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

/** Without SESSION_SECRET, make one on first start and keep it beside the database, so restarts keep sessions. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
