// Where the app's own files are: the folders beside src/ (views, static, db) and package.json. One place,
// so the server finds them the same way from src/ under tsx, from dist/ (the bundle), or from a test's
// own bundle under tests/: the nearest folder above this module that holds package.json and views/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'views'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No project folder (package.json and views/) above ${from}`);
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. fromRoot('views') or fromRoot('db', 'migrations'). */
export function fromRoot(...parts: string[]): string {
  return join(projectRoot, ...parts);
}
