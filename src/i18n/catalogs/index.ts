// Every feature's catalog, merged by ../index.ts. Each file is owned by its feature.
import type { Catalog } from '../index.js';
import common from './common.js';
import setup from './setup.js';
import partners from './partners.js';
import partnerships from './partnerships.js';
import goals from './goals.js';
import settings from './settings.js';
import auth from './auth.js';
import users from './users.js';
import audit from './audit.js';
import contacts from './contacts.js';
import log from './log.js';
import search from './search.js';
import ledger from './ledger.js';
import reviews from './reviews.js';
import dashboard from './dashboard.js';
import report from './report.js';
import reminders from './reminders.js';
import notifications from './notifications.js';
import exports from './exports.js';
import imports from './imports.js';
import privacy from './privacy.js';
import ops from './ops.js';
import backups from './backups.js';
import documents from './documents.js';
import delegations from './delegations.js';
import proposals from './proposals.js';
import localActors from './local-actors.js';
import networks from './networks.js';
import plans from './plans.js';
import projects from './projects.js';

/** Every key of the English catalog: what t() accepts when it is written out literally. */
export type MessageKey =
  | keyof (typeof common)['en']
  | keyof (typeof setup)['en']
  | keyof (typeof partners)['en']
  | keyof (typeof partnerships)['en']
  | keyof (typeof goals)['en']
  | keyof (typeof settings)['en']
  | keyof (typeof auth)['en']
  | keyof (typeof users)['en']
  | keyof (typeof audit)['en']
  | keyof (typeof contacts)['en']
  | keyof (typeof log)['en']
  | keyof (typeof search)['en']
  | keyof (typeof ledger)['en']
  | keyof (typeof reviews)['en']
  | keyof (typeof dashboard)['en']
  | keyof (typeof report)['en']
  | keyof (typeof reminders)['en']
  | keyof (typeof notifications)['en']
  | keyof (typeof exports)['en']
  | keyof (typeof imports)['en']
  | keyof (typeof privacy)['en']
  | keyof (typeof ops)['en']
  | keyof (typeof delegations)['en']
  | keyof (typeof proposals)['en']
  | keyof (typeof localActors)['en']
  | keyof (typeof networks)['en']
  | keyof (typeof plans)['en']
  | keyof (typeof projects)['en']
  | keyof (typeof documents)['en']
  | keyof (typeof backups)['en'];

export const catalogs: Catalog[] = [
  common,
  setup,
  partners,
  partnerships,
  goals,
  settings,
  auth,
  users,
  audit,
  contacts,
  log,
  search,
  ledger,
  reviews,
  dashboard,
  report,
  reminders,
  notifications,
  exports,
  imports,
  privacy,
  ops,
  delegations,
  proposals,
  localActors,
  networks,
  plans,
  projects,
  backups,
  documents,
];
