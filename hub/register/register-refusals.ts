import type { RegisterRefusal } from '../../shared/api/register.ts';
import { describeIssues } from '../../shared/records.ts';
import type { RegisterEvent } from '../../shared/register.ts';
import { daysBetween } from '../../shared/work-calendar.ts';
import type { z } from '../../shared/zod.ts';

/**
 * A register form's refusal in Russian, with the message for each field it names (by its path,
 * «details.calledAt»), so the page shows it next to that field.
 */
export function refusalOf(error: 'invalid-entry', issues: z.ZodError): RegisterRefusal {
  const fields: Record<string, string> = {};
  for (const issue of issues.issues) {
    const path = issue.path.map(String).join('.') || '(запись)';
    fields[path] ??= issue.message;
  }
  return { ok: false, error, reason: describeIssues(issues), fields };
}

/** A day typed in the future (received tomorrow, answered next week) is a typing error: refused, naming the field. */
export function futureDayProblem(event: RegisterEvent, today: string): { field: string; reason: string } | null {
  const days: [string, string][] = [];
  switch (event.step) {
    case 'opened':
      days.push(['receivedOn', event.receivedOn]);
      if (event.details.channel === 'hotline') days.push(['details.calledAt', event.details.calledAt.slice(0, 10)]);
      break;
    case 'registered':
      days.push(['registeredOn', event.registeredOn]);
      break;
    case 'extended':
      days.push(['decidedOn', event.decidedOn], ['noticeSentOn', event.noticeSentOn]);
      break;
    case 'redirected':
    case 'answered':
      days.push(['on', event.on]);
      break;
    default:
      break;
  }
  for (const [field, day] of days) if (daysBetween(today, day) > 0) return { field, reason: `${field}: дата ${day} ещё не наступила` };
  return null;
}
