import { regionalConfigFlow } from './flows/regional-config.flow.ts';

// The region configured once, with the central on PostgreSQL (DATABASE_URL, issue 16): the same flow as on SQLite.
regionalConfigFlow('postgres');
