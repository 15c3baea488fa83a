import type { Request } from 'express';

/**
 * Page requests that cannot be answered get a Russian page with the way on (hub/staff-app/
 * page-problems.ts renders it); API requests keep their JSON. A guard or a route passes
 * `new PageProblem(403 | 404)` to next(), and the app's error handler renders it.
 */
export class PageProblem extends Error {
  constructor(readonly status: 403 | 404) {
    super(status === 403 ? 'forbidden page' : 'no such page');
    this.name = 'PageProblem';
  }
}

/** A browser navigating to a page (not a script calling the API). */
export const wantsPage = (req: Request): boolean => req.method === 'GET' && !req.path.startsWith('/api/') && (req.get('accept') ?? '').includes('text/html');
