/**
 * A sending process for the crash tests: configured only by the environment, like the
 * service, it requests and sends one distribution (`send <id>`) or does what the service
 * does at start-up (`resume`). The test kills it with SIGKILL midway.
 */
import { loadConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createDistributionService } from '../../src/distribution/create-distribution-service.js';
import { openStores } from '../../src/storage/open-stores.js';
import { recordSendRequest } from '../../src/distribution/life-cycle.js';

const [mode, id] = process.argv.slice(2);
const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const stores = await openStores(config);
const service = createDistributionService(config, logger, { stores });
if (mode === 'send' && id) {
  // What the send route does: record the request, then send.
  await recordSendRequest(stores.distributions, id, 'Test Aktør');
  await service.sender.send(id, 'Test Aktør');
} else if (mode === 'resume') await service.start();
else throw new Error(`usage: send <id> | resume`);
await service.close();
await stores.close();
