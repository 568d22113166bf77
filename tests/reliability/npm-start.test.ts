// `npm start` under a supervisor: SIGTERM to npm must stop the server, not leave a node process
// serving behind it (npm's shell execs node, which handles the signal and closes cleanly).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('stops the server when npm gets SIGTERM', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'partnerships-npm-'));
    const npm = spawn('npm', ['start'], {
      cwd: root,
      // A clean environment: vitest's own (npm_* from npx, NODE_OPTIONS) must not leak into npm.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    const listening = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 80_000);
      npm.stdout.on('data', (d) => {
        out += d;
        const m = /"pid":(\d+),[^\n]*"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ pid: Number(m[1]), url: m[2]! });
        }
      });
    });
    expect(listening.pid).not.toBe(npm.pid);
    expect((await fetch(`${listening.url}/healthz`)).status).toBe(200);
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM received, shutting down');
    expect(alive(listening.pid)).toBe(false);
    // A clean stop leaves its seal beside the database: the next start may skip the page-by-page check.
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.closed-cleanly'))).toHaveLength(1);
  });
});
