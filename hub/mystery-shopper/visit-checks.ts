import { marksProblems, type VisitContent } from '../../shared/mystery-shopper.ts';
import { daysBetween } from '../../shared/work-calendar.ts';
import { readOffice } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';
import { criteriaOf, findTemplate, newestOfFamily, type TemplateRow } from './template-store.ts';

/**
 * What a visit's form must satisfy beyond its schema, each problem by the field it concerns (the
 * form shows it there): a template version that exists (the newest, for a new visit), an office of
 * the directory, a day and time not in the future, and every criterion marked. The offices and
 * the templates are read through `sql`.
 */
const dotted = (day: string): string => day.split('-').reverse().join('.');

export async function visitProblems(sql: CentralSql, content: VisitContent, now: number, isNew: boolean): Promise<{ template: TemplateRow | null; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  const template = await findTemplate(sql, content.templateId);
  if (!template) fields.templateId = 'нет такой анкеты';
  else if (isNew) {
    const newest = await newestOfFamily(sql, template.family_id);
    if (newest.id !== template.id) fields.templateId = `у анкеты «${template.name}» уже есть версия ${newest.version}: визит записывается по ней`;
  }
  if (!(await readOffice(sql, content.officeId))) fields.officeId = `нет отдела «${content.officeId}» в справочнике`;
  const moscow = new Date(now + MOSCOW_OFFSET_MS).toISOString();
  const today = moscow.slice(0, 10);
  if (daysBetween(today, content.visitedOn) > 0) fields.visitedOn = `дата визита ${dotted(content.visitedOn)} ещё не наступила: визит записывается после того, как состоялся`;
  else if (content.visitedOn === today && content.visitedTime !== null && content.visitedTime > moscow.slice(11, 16)) fields.visitedTime = `время визита ${content.visitedTime} сегодня ещё не наступило`;
  if (template) Object.assign(fields, marksProblems(criteriaOf(template), content.marks));
  return { template, fields };
}
