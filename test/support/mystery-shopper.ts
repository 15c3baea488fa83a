import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newRecordId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Template, TemplateSavedResponse, VisitSavedResponse } from '../../shared/api/mystery-shopper.ts';
import type { StaffSession } from './staff-session.ts';
import { readHubConfig } from '../../hub/config.ts';
import { moscowDay } from '../../hub/register/register-query.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';

/**
 * What the mystery shopper's HTTP tests share: a real central on a real SQLite file, a template
 * of three criteria, and a visit's form content. Test support only (imported by *.test.ts).
 */
export async function startCentral(closers: (() => Promise<void>)[], role: 'central' | 'office' = 'central'): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: role, OFFICE_ID: 'sharya', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mystery-')), PORT: '0', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

export const TEMPLATE = {
  name: 'Консультация по пособию',
  goals: 'Проверить полноту и вежливость консультации о пособии по безработице',
  scenario: 'Клиент спрашивает, какие документы нужны, чтобы встать на учёт и получать пособие',
  criteria: [
    { text: 'Поздоровался и представился', group: 'Встреча', weight: 2 },
    { text: 'Назвал все документы', group: 'Консультация', weight: 5 },
    { text: 'Предложил записаться через «Работу России»', group: 'Консультация', weight: 3 },
  ],
};

export const DAY = 86_400_000;
export const daysAgo = (n: number): string => moscowDay(Date.now() - n * DAY);

export const send = (s: StaffSession, method: string, url: string, body: unknown) => s.fetch(url, { method, body: JSON.stringify(body) });
export const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

export async function makeTemplate(cx: StaffSession, content = TEMPLATE): Promise<Template> {
  const res = await send(cx, 'POST', '/api/mystery-shopper/templates', { id: newRecordId(), content });
  if (res.status !== 201) throw new Error(`template: ${res.status} ${await res.text()}`);
  const saved = await json<TemplateSavedResponse>(res);
  return (await json<{ template: Template }>(await cx.fetch(`/api/mystery-shopper/templates/${saved.id}`))).template;
}

/** The form's content for a visit to `officeId`, marking the template's criteria in order. */
export function visitContent(template: Template, officeId: string, marks: ('met' | 'partly' | 'missed' | 'na')[], over: Record<string, unknown> = {}) {
  return {
    templateId: template.id,
    officeId,
    visitedOn: daysAgo(3),
    visitedTime: '10:40',
    scenario: template.scenario,
    shopper: 'Клиент-7 (Ольга)',
    marks: template.criteria.map((c, i) => ({ criterionId: c.id, mark: marks[i] ?? 'met', note: marks[i] === 'missed' ? 'не сделано' : '' })),
    notes: 'Очередь 15 минут',
    conclusions: 'Консультация неполная: не названа справка о доходах',
    proposals: 'Памятка со списком документов у окна',
    ...over,
  };
}

export async function recordVisit(cx: StaffSession, content: ReturnType<typeof visitContent>, id = newRecordId()): Promise<VisitSavedResponse> {
  const res = await send(cx, 'POST', '/api/mystery-shopper/visits', { id, content });
  if (res.status !== 201) throw new Error(`visit: ${res.status} ${await res.text()}`);
  return json<VisitSavedResponse>(res);
}
