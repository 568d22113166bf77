// CPU time per request, in process (app.inject, no network): less sensitive to a busy machine than
// req/s, because it counts the process's own CPU time, not the wall clock. Signs in as the demo
// admin on a copy of the demo database and loads each page N times after a warm-up.
// Usage: npx tsx tests/bench/cpu.ts [size=small] [n=100] [paths...]
import { RENDERED, signedInApp } from './in-process.js';

const [size = 'small', n = '100', ...rest] = process.argv.slice(2);
const paths = rest.length > 0 ? rest : ['/partners', '/log', '/contacts', '/reviews', '/', '/search?q=kopavogur'];
const { client, close } = await signedInApp(size);
for (const path of paths) {
  for (let i = 0; i < 5; i++) await client.get(path, RENDERED);
  const start = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < Number(n); i++) bytes = (await client.get(path, RENDERED)).body.length;
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000 / Number(n);
  console.log(`${size.padEnd(6)}${path.padEnd(28)}${ms.toFixed(2).padStart(8)} ms CPU/request  ${(bytes / 1024).toFixed(0)} KB`);
}
await close();
