import { createLogger } from '../shared/logger.ts';
import { readHubConfig } from './config.ts';
import { startHub } from './server.ts';
import { VERSION } from './version.ts';

const config = readHubConfig(process.env);
if (!config.ok) {
  console.error(config.message);
  process.exit(1);
}
const logger = createLogger(`hub-${config.value.role}`, { level: config.value.logLevel, pretty: config.value.logPretty });

try {
  const hub = await startHub(config.value, { logger });
  logger.info({ url: hub.url, role: config.value.role, office: config.value.officeId, database: config.value.databaseFile, version: VERSION }, 'hub started');
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'hub could not start');
  console.error(`Хаб не запущен: ${(error as Error).message}`);
  process.exit(1);
}
