import { surveysFlow } from './flows/surveys.flow.ts';

// A built survey end to end, with the central on PostgreSQL (DATABASE_URL, issue 16): the same flow as on SQLite.
surveysFlow('postgres');
