import { surveysFlow } from './flows/surveys.flow.ts';

// A built survey end to end, with the central on its default SQLite (the same flow on PostgreSQL: surveys-flow-postgres.test.ts).
surveysFlow('sqlite');
