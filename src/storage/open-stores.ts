/**
 * Opens the service's stores as configured: the SQLite file in DATA_DIR, the one
 * implementation today; a second (e.g. PostgreSQL) is chosen here.
 */
import type { Config } from '../shared/config.js';
import { openSqliteStores } from './open-sqlite-stores.js';
import type { Stores } from './stores.js';

export async function openStores(config: Pick<Config, 'databaseFile'>): Promise<Stores> {
  return openSqliteStores(config.databaseFile);
}
