import { z } from 'zod';

// Validation messages reach clerks, technicians and admins: Russian everywhere, set once here.
// Every module of the project takes `z` from this file, never from 'zod' directly.
z.config(z.locales.ru());

export { z };
