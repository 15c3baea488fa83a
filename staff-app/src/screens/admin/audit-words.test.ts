import { describe, expect, it } from 'vitest';
import { actionLabel, detailInWords, targetInWords } from './audit-words.ts';

const names: Record<string, string> = { sharya: 'Шарьинское отделение' };
const officeName = (id: string) => names[id] ?? id;

describe('the audit log in words', () => {
  it('names actions in Russian instead of codes', () => {
    expect(actionLabel('login.ok')).toBe('Вход в систему');
    expect(actionLabel('user.create')).toBe('Заведён сотрудник');
    expect(actionLabel('register.export')).toBe('Выгрузка реестра обращений');
    expect(actionLabel('something.new')).toBe('Другое действие');
    expect(actionLabel('toString')).toBe('Другое действие');
  });

  it('says roles, devices and exports in words', () => {
    expect(detailInWords('user.create', '[{"role":"office-head","officeId":"sharya"}]', officeName)).toBe('роли: Начальник отдела / отделения — Шарьинское отделение');
    expect(detailInWords('device.register', 'kiosk, sharya', officeName)).toBe('киоск, Шарьинское отделение');
    expect(targetInWords('export', '/api/reports/weekly-panel/2026-W48.xlsx')).toBe('таблица пультов за неделю 2026-W48, XLSX');
    expect(targetInWords('register.export', '/api/register.xlsx?status=open&author=1')).toBe('реестр обращений с отбором, XLSX');
    expect(targetInWords('settings.change', '/api/alert-rules')).toBe('правила сигналов о низких оценках');
    expect(targetInWords('device.revoke', 'sharya-kiosk-1')).toBe('устройство sharya-kiosk-1');
  });
});
