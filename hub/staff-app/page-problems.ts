import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HubContext } from '../context.ts';
import { wantsPage } from '../http/page-request.ts';
import { sendStaffPage } from './staff-page.ts';

/** The Russian 403/404/500 pages in the staff frame (PageProblem and wantsPage: hub/http/page-request.ts). */
const PROBLEM_PAGE = { 403: 'forbidden', 404: 'not-found', 500: 'error' } as const;

export function sendProblemPage(ctx: HubContext, req: Request, res: Response, status: 403 | 404 | 500): void {
  void sendStaffPage(ctx, req, res, { page: PROBLEM_PAGE[status] }, status);
}

/** The last router: an address nothing answered. A page in Russian for browsers, a short answer otherwise. */
export function notFound(ctx: HubContext): RequestHandler {
  return (req: Request, res: Response, _next: NextFunction) => {
    if (wantsPage(req)) return sendProblemPage(ctx, req, res, 404);
    res.status(404).type('text/plain; charset=utf-8').send('Нет такого адреса');
  };
}
