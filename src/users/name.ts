// The name of a staff user as a column of another table's query: who recorded, owns, hosts or signed a row.
import { sql, type AnyColumn } from 'drizzle-orm';

/** The name of the user whose id `userId` holds; null when it holds none. A lookup on the primary key, no join. */
export function nameOfUser(userId: AnyColumn) {
  return sql<string | null>`(SELECT name FROM users u WHERE u.id = ${userId})`;
}
