import { describe, expect, it } from 'vitest';
import type { ForwardingRow } from '../../../../shared/api/board.ts';
import { configFault, configFaultText, forwardErrorFact, forwardFault, storageText } from './board-words.ts';

const now = Date.parse('2026-11-25T08:00:00.000Z'); // 11:00 Moscow
const row = (patch: Partial<ForwardingRow>): ForwardingRow => ({
  config: null,
  configured: true,
  centralUrl: 'https://central.example',
  backlog: 0,
  oldestQueuedAt: null,
  oldestAgeMs: null,
  lastSyncAt: null,
  lastError: null,
  state: 'ok',
  ...patch,
});
const refused = { code: 'unreachable', message: 'connect ECONNREFUSED 10.0.0.5:443', at: '2026-11-25T07:50:00.000Z' };

describe('the forwarding row in words', () => {
  it('says a fault in plain Russian, never the socket error', () => {
    expect(forwardFault('unreachable')).toBe('центральный сборщик недоступен: нет соединения с ним');
    expect(forwardFault('something-new')).toBe('сбой отправки');
  });

  it('a fault while failing is the current one', () => {
    expect(forwardErrorFact(row({ state: 'failing', lastError: refused }), now)).toEqual({ label: 'Ошибка сейчас', text: 'центральный сборщик недоступен: нет соединения с ним; началось в 10:50 (10 мин назад)' });
  });

  it('after a later successful send the same fault is said to be over, so it agrees with «в порядке»', () => {
    const fact = forwardErrorFact(row({ state: 'ok', lastError: refused, lastSyncAt: '2026-11-25T07:55:00.000Z' }), now)!;
    expect(fact.label).toBe('Последний сбой, устранён');
    expect(fact.text).toContain('после него данные снова уходят (последняя отправка в 10:55)');
    expect(fact.text).not.toContain('ECONNREFUSED');
  });

  it('no error, no line', () => {
    expect(forwardErrorFact(row({}), now)).toBeNull();
  });
});

describe('disk words', () => {
  const MB = 1024 * 1024;
  const report = { state: 'critical' as const, freeBytes: 0, totalBytes: 16 * MB, warnBelowBytes: 4 * MB, criticalBelowBytes: MB, checkedAt: null, writeFailedAt: '2026-12-05T10:00:00.000Z' };
  it('says how much is free, below which line, and that writes fail', () => {
    expect(storageText(report)).toBe('свободно 0 Б из 16 МБ (критично ниже 1,0 МБ); запись не удаётся');
    expect(storageText({ ...report, state: 'warning', freeBytes: 3 * MB, writeFailedAt: null })).toBe('свободно 3,0 МБ из 16 МБ (предупреждение ниже 4,0 МБ)');
    expect(storageText({ ...report, state: 'ok', freeBytes: 12 * MB, writeFailedAt: null })).toBe('свободно 12 МБ из 16 МБ');
  });
});

describe('the regional settings line in words', () => {
  it('says why the settings are not taken, never the socket error', () => {
    const text = configFaultText({ revision: 4, lastError: { code: 'unreachable', at: '2026-11-25T07:59:00.000Z' } }, now);
    expect(text).toBe('нет связи с центральным сборщиком; последняя попытка в 10:59 (1 мин назад); действуют полученные ранее');
    expect(text).not.toContain('ECONNREFUSED');
    expect(configFaultText({ revision: null, lastError: { code: 'refused', at: '2026-11-25T07:59:00.000Z' } }, now)).toBe('центральный сборщик не принял ключ отдела; последняя попытка в 10:59 (1 мин назад)');
    expect(configFault('newer-schema')).toBe('настройки в новом формате: программу хаба отдела нужно обновить');
    expect(configFault('something-new')).toBe('сбой получения настроек');
  });
});
