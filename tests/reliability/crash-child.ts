// The child of the crash-loop test: the app's own openDatabase (pragmas, migrations, foreign-key
// check) behind a tiny HTTP server whose POST writes a partner and its partnership in one
// transaction and answers with the id only after the commit.
import { createServer } from 'node:http';
import { openDatabase, inTransaction } from '../../src/db/client.js';

const db = openDatabase(process.env.DB_FILE!);
const partner = db.$client.prepare("insert into partners (kind, name, updated_at) values ('network', ?, ?)");
const partnership = db.$client.prepare(
  "insert into partnerships (partner_id, title, agreement_type, status, updated_at) values (?, ?, 'cooperation_agreement', 'exploring', ?)",
);

const server = createServer((request, response) => {
  if (request.method !== 'POST') return void response.writeHead(404).end();
  const now = new Date().toISOString();
  const id = inTransaction(db, () => {
    const partnerId = Number(partner.run(`Crash partner ${Math.random()}`, now).lastInsertRowid);
    partnership.run(partnerId, `Partnership of ${partnerId}`, now);
    return partnerId;
  });
  response.writeHead(200, { 'content-type': 'text/plain' }).end(String(id));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
});
