import { Router, type Request, type RequestHandler, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import { PUBLIC_OFFICE_PATH, PUBLIC_RESPONSES_PATH, PUBLIC_SURVEY_ANSWERS_PATH, STAFF_SURVEY_PREFIX } from '../../shared/protocol/wire.ts';
import { countRefusal, type HubContext } from '../context.ts';
import { findOfficeKey } from '../central/office-keys.ts';
import { PUBLIC_SURVEY_ANSWER_BODY_LIMIT } from '../http/body-limits.ts';
import { answerStorageFailure } from '../http/storage-failure.ts';
import { html } from '../staff/pages/html.ts';
import { invitationCodeStore, UNKNOWN_CODE } from './code-store.ts';
import { findInvitationUse } from './invitation-store.ts';
import { phoneSurveyPath, posterSurveyPath } from './links.ts';
import { phoneSurveyOffer } from './phone-survey-offer.ts';
import { archivedPeriods, type ArchivedPeriods } from '../reports/archive.ts';
import { ALREADY_USED_TEXT, createPublicSubmit, TOKEN_REFUSAL, type PublicAnswer } from './public-submit.ts';
import { createPublicSurveyAnswer } from './public-survey-answer.ts';
import { normaliseShortCode, shortCodeHash } from './short-code.ts';
import { tokenHash, verifyInvitationAsync } from './token.ts';

/**
 * What a client's phone may call, on any hub (in production, the central): the answer endpoint,
 * the per-visit link and the poster's short link. Nothing here reads staff data.
 *
 * The gate runs before every route: the per-address rate limit is the cheapest refusal; the answer
 * is then read by its route with a small limit (PUBLIC_MAX_BODY_BYTES). No CORS: the survey is
 * served from the same origin, and no other site's script should be able to post answers in a
 * visitor's name.
 */
export const PUBLIC_PREFIXES = ['/api/public', '/s/', '/p/', STAFF_SURVEY_PREFIX];

export function publicGate(ctx: HubContext): RequestHandler {
  const limits = ctx.config.invitations;
  const limiter = rateLimit({
    windowMs: limits.rateWindowSeconds * 1000,
    limit: limits.rateMax,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      countRefusal(ctx, 'public-rate-limited');
      tooMany(req, res, 'Слишком много запросов с этого адреса; повторите позже');
    },
  });
  // The brake on guessing: only refused links and tokened answers count (a short code is 60 bits,
  // so at this rate finding a live one takes millennia; docs/phone-surveys.md works it out).
  const guesses = rateLimit({
    windowMs: limits.guessWindowSeconds * 1000,
    limit: limits.guessMax,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req, res) => !refusedInvitation(req.path, res.statusCode),
    handler: (req, res) => {
      countRefusal(ctx, 'public-guess-limited');
      tooMany(req, res, 'Слишком много неверных ссылок или кодов с этого адреса; повторите позже');
    },
  });
  return (req, res, next) => {
    if (!PUBLIC_PREFIXES.some((p) => req.path.startsWith(p))) return next();
    if (req.method === 'OPTIONS') {
      // A cross-origin preflight is answered, but approves nothing: no Access-Control-Allow-* headers.
      res.status(204).set('Allow', req.path === PUBLIC_RESPONSES_PATH || req.path === PUBLIC_SURVEY_ANSWERS_PATH ? 'POST' : 'GET').end();
      return;
    }
    limiter(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.path.startsWith('/s/') || req.path.startsWith(STAFF_SURVEY_PREFIX) || req.path === PUBLIC_RESPONSES_PATH) guesses(req, res, next);
      else next();
    });
  };
}

/** 429 as JSON to the phone app, as a page to a person who opened a link. */
function tooMany(req: Request, res: Response, reason: string): void {
  if (req.path.startsWith('/api/')) res.status(429).json({ ok: false, error: 'rate-limited', reason });
  else res.status(429).type('html').send(clientPage('Опрос временно недоступен', `${reason}.`));
}

/** A refusal that says a link or token was wrong, expired or used (not a malformed answer body). */
function refusedInvitation(path: string, status: number): boolean {
  if (path.startsWith('/s/')) return status >= 400 && status !== 429;
  // A staff-survey form sent back with a missing answer is not a guess; an unknown or spent link is.
  if (path.startsWith(STAFF_SURVEY_PREFIX)) return status === 404 || status === 409 || status === 410;
  return status === 401 || status === 403 || status === 409 || status === 410;
}

export function publicRoutes(ctx: HubContext): Router {
  const router = Router();
  const submit = createPublicSubmit(ctx);
  const keys = (keyId: string) => findOfficeKey(ctx.sql, keyId);
  const codes = invitationCodeStore(ctx.sql);

  // One answer in, its acknowledgement or refusal out; a failing database is 503, and the phone retries.
  const answerWith = (take: (body: unknown, archived: ArchivedPeriods) => PublicAnswer | Promise<PublicAnswer>) => async (req: Request, res: Response) => {
    let answer;
    try {
      // Read before the answer's own synchronous checks and transaction: an answer in a month already archived is refused.
      answer = await take(req.body, await archivedPeriods(ctx.sql, ['monthly']));
    } catch (error) {
      answerStorageFailure(ctx, res, error);
      return;
    }
    if (answer.status !== 200) {
      countRefusal(ctx, `public-${answer.body.error}`);
      res.status(answer.status).json(answer.body);
      return;
    }
    res.json(answer.body);
    if (answer.stored.length > 0) ctx.events.emit('stored', answer.stored);
  };

  ctx.routes.add(router, { method: 'post', path: PUBLIC_RESPONSES_PATH, access: { kind: 'public' }, body: { kind: 'json', limitBytes: ctx.config.invitations.maxBodyBytes }, summary: 'анкета с телефона клиента (QR-плакат, QR-код после приёма, ссылка по e-mail)' }, answerWith(submit));

  // Built surveys are answered where their versions are published: the central (phone-survey-offer.ts).
  if (ctx.config.role === 'central') {
    ctx.routes.add(router, { method: 'post', path: PUBLIC_SURVEY_ANSWERS_PATH, access: { kind: 'public' }, body: { kind: 'json', limitBytes: PUBLIC_SURVEY_ANSWER_BODY_LIMIT }, summary: 'ответ на опрос сектора с телефона клиента, после основной анкеты (без приглашения)' }, answerWith(createPublicSurveyAnswer(ctx)));
  }

  ctx.routes.add(router, { method: 'get', path: '/s/:token', access: { kind: 'public' }, summary: 'ссылка-приглашение к опросу (короткий код или подписанный токен): на опрос с телефона' }, async (req, res) => {
    // A short code stands for the token the central keeps; the phone carries the code, never the token.
    const given = String(req.params.token);
    const code = normaliseShortCode(given);
    const token = code === null ? given : await codes.tokenFor(shortCodeHash(code));
    if (token === null) {
      res.status(404).type('html').send(clientPage('Опрос недоступен', UNKNOWN_CODE.reason));
      return;
    }
    const verified = await verifyInvitationAsync(token, keys, ctx.clock());
    if (!verified.ok) {
      const refusal = TOKEN_REFUSAL[verified.reason];
      res.status(refusal.status === 410 ? 410 : 400).type('html').send(clientPage('Опрос недоступен', refusal.reason));
      return;
    }
    if (await findInvitationUse(ctx.sql.db, tokenHash(token))) {
      res.status(409).type('html').send(clientPage(ALREADY_USED_TEXT, 'Ваш ответ уже получен. Благодарим за отзыв о работе центра занятости.'));
      return;
    }
    res.set('Cache-Control', 'no-store').redirect(302, phoneSurveyPath(verified.value, code ?? token));
  });

  ctx.routes.add(router, { method: 'get', path: '/p/:officeId', access: { kind: 'public' }, summary: 'короткая ссылка с QR-плаката отдела' }, (req, res) => {
    const office = ctx.offices.find(String(req.params.officeId));
    if (!office || office.closedAt !== null) {
      res.status(404).type('html').send(clientPage('Опрос недоступен', 'Такого отдела нет. Проверьте адрес на плакате.'));
      return;
    }
    res.redirect(302, posterSurveyPath(office.id));
  });

  // The survey link names only the office id; the phone shows the office's name, and its address for
  // appeals. On the central it also lists the built surveys on offer on phones there today.
  ctx.routes.add(router, { method: 'get', path: `${PUBLIC_OFFICE_PATH}:officeId`, access: { kind: 'public' }, summary: 'для опроса с телефона: название и адрес отдела, список услуг, опросы сектора на сегодня' }, (req, res) => {
    const office = ctx.offices.find(String(req.params.officeId));
    if (!office || office.closedAt !== null) {
      res.status(404).json({ ok: false, error: 'unknown-office', reason: 'Такого отдела нет' });
      return;
    }
    const services = ctx.services.list({ activeOnly: true }).map((s) => ({ id: s.id, name: s.name }));
    const surveys = ctx.config.role === 'central' ? phoneSurveyOffer(ctx.surveyVersions, office.id, ctx.clock()) : [];
    // Five minutes: a survey just published, or its period just begun, reaches phones soon.
    res.set('Cache-Control', 'public, max-age=300').json({ ok: true, office: { id: office.id, name: office.name, address: office.address }, services, surveys });
  });

  return router;
}

/** A client's page: no staff header, readable on a phone. */
function clientPage(title: string, text: string): string {
  return html`<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1.25rem;color:#1a1a1a;background:#fff}h1{font-size:1.5rem;margin:0 0 1rem}main{max-width:32rem;margin:auto}</style>
</head>
<body><main><h1>${title}</h1><p>${text}</p><p><small>Центр занятости населения Костромской области</small></p></main></body>
</html>`.value;
}
