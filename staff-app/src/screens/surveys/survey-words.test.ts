import { describe, expect, it } from 'vitest';
import { progressText, shareText, surveyState } from './survey-words.ts';

const period = { from: '2026-12-01', to: '2026-12-31' };

describe('survey words', () => {
  it('names the state: draft, published version (with unpublished edits), finished after the period', () => {
    expect(surveyState({ latestVersion: null, unpublished: true, period }, '2026-12-05')).toEqual({ text: 'черновик', tone: 'draft' });
    expect(surveyState({ latestVersion: 2, unpublished: false, period }, '2026-12-05').text).toBe('опубликован v2');
    expect(surveyState({ latestVersion: 2, unpublished: true, period }, '2026-12-05').text).toBe('опубликован v2, есть неопубликованные правки');
    expect(surveyState({ latestVersion: 2, unpublished: false, period }, '2027-01-01')).toEqual({ text: 'завершён (версия 2)', tone: 'done' });
  });

  it('writes progress toward the target and shares with a decimal comma', () => {
    expect(progressText(37, 100)).toBe('37 из 100 (37 %)');
    expect(progressText(250, 100)).toBe('250 из 100 (100 %)');
    expect(progressText(5, null)).toBe('5 (цель не задана)');
    expect(shareText(0.125)).toBe('12,5 %');
  });
});
