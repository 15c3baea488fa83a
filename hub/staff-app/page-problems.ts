import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HubContext } from '../context.ts';
import { sendStaffPage } from './staff-page.ts';

/**
 * Page requests that cannot be answered get a Russian page with the way on, in the staff frame;
 * API requests keep their JSON. A guard or a route passes `new PageProblem(403 | 404)` to next(),
 * and the app's error handler renders it (hub/http/app.ts).
 */
export class PageProblem extends Error {
  constructor(readonly status: 403 | 404) {
    super(status === 403 ? 'forbidden page' : 'no such page');
    this.name = 'PageProblem';
  }
}

/** A browser navigating to a page (not a script calling the API). */
export const wantsPage = (req: Request): boolean => req.method === 'GET' && !req.path.startsWith('/api/') && (req.get('accept') ?? '').includes('text/html');

const PROBLEM_PAGE = { 403: 'forbidden', 404: 'not-found', 500: 'error' } as const;

export function sendProblemPage(ctx: HubContext, req: Request, res: Response, status: 403 | 404 | 500): void {
  sendStaffPage(ctx, req, res, { page: PROBLEM_PAGE[status] }, status);
}

/** The last router: an address nothing answered. A page in Russian for browsers, a short answer otherwise. */
export function notFound(ctx: HubContext): RequestHandler {
  return (req: Request, res: Response, _next: NextFunction) => {
    if (wantsPage(req)) return sendProblemPage(ctx, req, res, 404);
    res.status(404).type('text/plain; charset=utf-8').send('Нет такого адреса');
  };
}
