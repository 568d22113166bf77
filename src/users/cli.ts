// Operator command: create an administrator on a headless install.
// The organisation must exist first (browser setup creates it together with the first admin);
// this command adds administrators later, e.g. when nobody can sign in any more.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { CliCommand } from '../cli.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/client.js';
import { users } from '../db/schema.js';
import { translate } from '../i18n/index.js';
import { checkPassword, hashPassword } from '../auth/passwords.js';
import { recordAudit, created } from '../audit/record.js';
import { isSetUp } from '../setup/queries.js';
import { emailTaken } from './queries.js';

export interface CreateAdminInput {
  email: string;
  name: string;
  password: string;
}

/** Checks and creates the admin; throws an Error with a message for the operator. Returns the new id. */
export async function createAdmin(db: Db, input: CreateAdminInput, now: Date): Promise<number> {
  if (!isSetUp(db)) {
    throw new Error(
      'The organisation is not set up yet. Start the app and open it in a browser: setup creates the organisation and its first administrator.',
    );
  }
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!z.email().safeParse(email).success) throw new Error(`"${input.email}" is not a valid email address.`);
  if (!name) throw new Error('A name is required (--name).');
  const problem = checkPassword(input.password, { email, name });
  if (problem) throw new Error(translate('en', problem));
  if (emailTaken(db, email)) throw new Error(`A user with the email ${email} already exists.`);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, () => {
    if (emailTaken(db, email)) throw new Error(`A user with the email ${email} already exists.`);
    const row = db.insert(users).values({ email, name, role: 'admin', passwordHash }).returning({ id: users.id }).get();
    recordAudit(db, { userId: null, ip: 'cli', now }, 'create', 'user', row.id, created({ email, name, role: 'admin' }));
    return row.id;
  });
}

/** Ask on the terminal; the password is not echoed. */
async function prompt(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    const internal = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    internal._writeToOutput = (s: string) => {
      if (s.includes(question)) internal.output.write(s);
      else if (s === '\r\n' || s === '\n') internal.output.write(s);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

export const commands: Record<string, CliCommand> = {
  'create-admin': {
    description: 'Add an administrator: --email x --name y [--password z] (prompts on a terminal; needs setup done)',
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    run: async ({ db, flags, now }) => {
      const tty = process.stdin.isTTY === true;
      const get = async (flag: 'email' | 'name' | 'password', question: string) => {
        const given = flags[flag];
        if (typeof given === 'string') return given;
        if (!tty) throw new Error(`--${flag} is required when not running on a terminal.`);
        return prompt(question, flag === 'password');
      };
      const email = await get('email', 'Email: ');
      const name = await get('name', 'Name: ');
      const password = await get('password', 'Password (at least 12 characters): ');
      const id = await createAdmin(db, { email, name, password }, now);
      console.log(`Administrator ${email.trim().toLowerCase()} created (user ${id}). They can sign in now.`);
    },
  },
};
