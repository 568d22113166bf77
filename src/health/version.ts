// The running version: package.json's, resolved from this module so it holds under src/ and dist/.
import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths.js';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: string };
    return process.env.APP_VERSION || pkg.version || 'unknown';
  } catch {
    return process.env.APP_VERSION || 'unknown';
  }
}

export const APP_VERSION = readVersion();
