import packageJson from '../package.json' with { type: 'json' };

/** The program's version, from package.json: reported on /health and in every heartbeat. */
export const VERSION: string = packageJson.version;
