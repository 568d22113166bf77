// Where the app's own files are: the folders beside src/ (views, static, db) and package.json. One place,
// so the server finds them the same way from src/ under tsx, from dist/ compiled, or from a bundle
// (dist/server.js): each of those sits one folder below the project root.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** A path inside the project, e.g. fromRoot('views') or fromRoot('db', 'migrations'). */
export function fromRoot(...parts: string[]): string {
  return join(projectRoot, ...parts);
}
