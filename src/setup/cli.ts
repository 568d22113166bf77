// Operator commands of setup: demo data.
import type { CliCommand } from '../cli.js';
import { generateDemo } from '../demo/index.js';
import { demoDocumentsDir } from '../demo/documents.js';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../demo/partners.js';
import { isSetUp } from './queries.js';
import { FRAMEWORKS, type Framework } from './presets.js';

export const commands: Record<string, CliCommand> = {
  demo: {
    description: 'Fill the database with a demo portfolio: --size small|large --seed N --framework odense|oslo|...',
    options: { size: { type: 'string' }, seed: { type: 'string' }, framework: { type: 'string' } },
    run: ({ db, config, flags, now }) => {
      const size = (flags.size ?? 'small') as string;
      if (size !== 'small' && size !== 'large') throw new Error('--size must be small or large');
      const framework = (flags.framework ?? 'odense') as Framework;
      if (!FRAMEWORKS.includes(framework)) throw new Error(`--framework must be one of ${FRAMEWORKS.join(', ')}`);
      const seed = Number(flags.seed ?? 1);
      if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
      const fresh = !isSetUp(db);
      const started = performance.now();
      generateDemo(db, { framework, size, seed, now, documentsDir: demoDocumentsDir(config) });
      console.log(
        `Demo data (${size}, seed ${seed}, framework ${framework}) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      );
      if (fresh) {
        console.log(`Sign in at ${config.baseUrl}/login as ${DEMO_ADMIN_EMAIL} with the password "${DEMO_PASSWORD}".`);
        console.log(
          'Other demo users (same password): mette@, lars@ (coordinators), sofie@, jonas@, amira@ (contributors), erik@example.org (viewer).',
        );
      }
    },
  },
};
