// The running version: package.json's, resolved from this module so it holds under src/ and dist/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return process.env.APP_VERSION || pkg.version || 'unknown';
  } catch {
    return process.env.APP_VERSION || 'unknown';
  }
}

export const APP_VERSION = readVersion();
