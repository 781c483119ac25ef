/**
 * A service's LibreOffice pool in a process of its own, for the test that kills it with
 * SIGKILL: `node --import tsx test/helpers/pool-child.ts <workDir> <documentDir>`. Prints its
 * pool's folders and worker pids as one JSON line once warm, then waits to be killed.
 */
import { loadConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createLibreOfficePool } from '../../src/conversion/pool/libreoffice-pool.js';

const [workDir, documentDir] = process.argv.slice(2);
const config = loadConfig({ LOG_LEVEL: 'silent', CONVERSION_WORKERS: '1', CONVERSION_WORK_DIR: workDir!, CONVERSION_DOCUMENT_DIR: documentDir! });
const pool = createLibreOfficePool({ ...config.conversion, logger: createLogger('silent') });
await pool.start();
process.stdout.write(`${JSON.stringify({ rootDir: pool.rootDir, documentRoot: pool.documentRoot, workers: pool.workerPids() })}\n`);
setInterval(() => undefined, 60_000);
