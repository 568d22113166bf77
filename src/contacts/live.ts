// A live contact: neither merged into another nor erased. Lists, pickers and links offer only these.
import { and, isNull, type SQL } from 'drizzle-orm';
import { contacts } from '../db/schema.js';

export const liveContact: SQL = and(isNull(contacts.mergedIntoId), isNull(contacts.erasedAt))!;
