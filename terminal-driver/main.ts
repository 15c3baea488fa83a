import { createLogger } from '../shared/logger.ts';
import { systemClock } from '../shared/time.ts';
import { readDriverConfig } from './config.ts';
import { startDriver } from './driver.ts';
import { startSimulatedPanel, type SimulatedPanel } from './simulated-panel.ts';

const config = readDriverConfig(process.env);
if (!config.ok) {
  console.error(config.message);
  process.exit(1);
}
const logger = createLogger('terminal-driver', { level: config.value.logLevel, pretty: config.value.logPretty });

let simulated: SimulatedPanel | null = null;
try {
  if (config.value.panels.length === 0) simulated = await startSimulatedPanel(config.value, { clock: systemClock, logger });
  const panels = simulated ? [simulated.panel] : config.value.panels;
  const driver = startDriver({ ...config.value, panels }, { logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    void driver
      .stop()
      .then(() => simulated?.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'driver could not start');
  console.error(`Драйвер пультов не запущен: ${(error as Error).message}`);
  await simulated?.stop();
  process.exit(1);
}
