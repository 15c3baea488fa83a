import { regionalConfigFlow } from './flows/regional-config.flow.ts';

// The region configured once, with the central on its default SQLite (the same flow on PostgreSQL: regional-config-postgres.test.ts).
regionalConfigFlow('sqlite');
