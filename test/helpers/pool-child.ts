/**
 * A service's LibreOffice pool in a process of its own, for the test that kills it with
 * SIGKILL: `node --import tsx test/helpers/pool-child.ts <workDir>`. Prints its pool's folder
 * and worker pids as one JSON line once warm, then waits to be killed.
 */
import { loadConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createLibreOfficePool } from '../../src/conversion/pool/libreoffice-pool.js';

const [workDir] = process.argv.slice(2);
const config = loadConfig({ LOG_LEVEL: 'silent', CONVERSION_WORKERS: '1', CONVERSION_WORK_DIR: workDir! });
const pool = createLibreOfficePool({ ...config.conversion, logger: createLogger('silent') });
await pool.start();
process.stdout.write(`${JSON.stringify({ rootDir: pool.rootDir, workers: pool.workerPids() })}\n`);
setInterval(() => undefined, 60_000);
