import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { templateCreateSchema, visitCreateSchema } from '../../shared/mystery-shopper.ts';
import { LIMITS } from '../../shared/mystery-shopper-words.ts';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from '../http/request-body.ts';
import { MYSTERY_TEMPLATE_BODY_LIMIT, MYSTERY_VISIT_BODY_LIMIT } from '../http/body-limits.ts';

/**
 * The largest template and visit the schemas accept, every text at its limit in a character JSON
 * writes as six bytes (`\u0001`), fit their routes' body limits (hub/http/body-limits.ts).
 */
const SIX = '\u0001';
const text = (length: number) => `x${SIX.repeat(length - 2)}x`;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const kB = (n: number) => Math.round(n / 1000);

describe('the mystery shopper’s body limits', () => {
  it('the largest template: 60 criteria, every text at its limit', () => {
    const body = {
      id: newRecordId(),
      content: {
        name: text(LIMITS.templateName),
        goals: text(LIMITS.goals),
        scenario: text(LIMITS.scenario),
        criteria: Array.from({ length: LIMITS.criteria }, (_, i) => ({ id: newRecordId(), text: `${i}${text(LIMITS.criterionText - 2)}`, group: text(LIMITS.criterionGroup), weight: 10 })),
      },
    };
    expect(templateCreateSchema.safeParse(body).success).toBe(true);
    expect(kB(bytes(body))).toBe(227);
    expect(bytes(body)).toBeLessThanOrEqual(MYSTERY_TEMPLATE_BODY_LIMIT);
    expect(jsonNestsDeeperThan(Buffer.from(JSON.stringify(body)), MAX_JSON_DEPTH)).toBe(false);
  });

  it('the largest visit: 60 marks with notes, every text at its limit', () => {
    const body = {
      id: newRecordId(),
      content: {
        templateId: newRecordId(),
        officeId: 'o'.repeat(40),
        visitedOn: '2026-03-02',
        visitedTime: '10:40',
        scenario: text(LIMITS.visitText),
        shopper: text(LIMITS.shopper),
        marks: Array.from({ length: LIMITS.criteria }, () => ({ criterionId: newRecordId(), mark: 'partly', note: text(LIMITS.criterionNote) })),
        notes: text(LIMITS.visitText),
        conclusions: text(LIMITS.visitText),
        proposals: text(LIMITS.visitText),
      },
    };
    expect(visitCreateSchema.safeParse({ ...body, content: { ...body.content, officeId: 'sharya' } }).success).toBe(true);
    expect(kB(bytes(body))).toBe(281);
    expect(bytes({ revision: 2 ** 31, content: body.content })).toBeLessThanOrEqual(MYSTERY_VISIT_BODY_LIMIT);
  });
});
