// The bench's floor: the smallest page this stack can serve. Fastify + Eta + one indexed
// better-sqlite3 query (a prepared statement) rendering a 50-row table, in its own process like
// the app. Started by tests/bench/http.ts with PORT and DATA_DIR; prints "listening <port>".
import Fastify from 'fastify';
import { Eta } from 'eta';
import Database from 'better-sqlite3';
import { join } from 'node:path';

const dir = process.env.DATA_DIR ?? '.';
const db = new Database(join(dir, 'baseline.sqlite'));
db.pragma('journal_mode = WAL');
db.exec(`create table if not exists items (id integer primary key, name text not null, country text not null, updated_at text not null);
  create index if not exists items_name on items (name);`);
if ((db.prepare('select count(*) as n from items').get() as { n: number }).n === 0) {
  const insert = db.prepare('insert into items (name, country, updated_at) values (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 10_000; i++)
      insert.run(`Partner ${String(i).padStart(5, '0')} Ærøskøbing`, ['DK', 'SE', 'NO', 'IS'][i % 4], '2026-11-24');
  })();
}
const page = db.prepare('select id, name, country, updated_at as updatedAt from items where name >= ? order by name limit 50');
const eta = new Eta({ autoEscape: true });
const template = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head><body><main><h1>Partners</h1>
<table><thead><tr><th>Name</th><th>Country</th><th>Updated</th></tr></thead><tbody>
<% it.rows.forEach(function (r) { %><tr><td><a href="/partners/<%= r.id %>"><%= r.name %></a></td><td><%= r.country %></td><td><%= r.updatedAt %></td></tr>
<% }) %></tbody></table></main></body></html>`;
const compiled = eta.compile(template);

const app = Fastify({ logger: false });
app.get('/', async (request, reply) => {
  const from = String((request.query as { from?: string }).from ?? 'Partner 05');
  reply.type('text/html; charset=utf-8');
  return compiled.call(eta, { rows: page.all(from) });
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${new URL(address).port}`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
