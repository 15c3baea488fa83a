import { describe, expect, it } from 'vitest';
import type { OfficeLink } from '../../../../shared/api/central.ts';
import { diskBanner, officeRows, silenceBanner } from './office-rows.ts';

const now = Date.parse('2026-11-25T08:00:00.000Z'); // Wednesday 11:00 Moscow
const link = (patch: Partial<OfficeLink> & Pick<OfficeLink, 'officeId' | 'name'>): OfficeLink => ({
  state: 'ok',
  alert: false,
  lastSyncAt: null,
  lagSeconds: null,
  recordsReceived: 0,
  backlogReported: null,
  backlogOldestAt: null,
  silentWorkingMinutes: null,
  configRevision: null,
  configReportedAt: null,
  configBehindSince: null,
  configAlert: false,
  storage: null,
  ...patch,
});

describe('regional configuration column', () => {
  it('names the revision held and flags an office more than a day behind', () => {
    const [fresh, behind] = officeRows(
      [
        link({ officeId: 'buy', name: 'Буйское отделение', configRevision: 7, configBehindSince: null }),
        link({ officeId: 'galich', name: 'Галичское отделение', configRevision: 5, configBehindSince: '2026-11-23T08:00:00.000Z', configAlert: true }),
      ],
      now,
    );
    expect(fresh!.config).toBe('ревизия 7, новейшая');
    expect(behind!.config).toMatch(/^ревизия 5, отстаёт 2 дн/);
    expect(behind!.configAlert).toBe(true);
  });
});

describe("the central's office rows", () => {
  const links = [
    link({ officeId: 'sharya', name: 'Шарьинское отделение', lastSyncAt: '2026-11-25T07:59:00.000Z', lagSeconds: 15, recordsReceived: 120, backlogReported: 5 }),
    link({ officeId: 'buy', name: 'Буйское отделение', state: 'silent', alert: true, silentWorkingMinutes: 60 }),
    link({ officeId: 'kostroma', name: 'Костромское отделение', state: 'no-key' }),
  ];

  it('puts silent offices first and says each state in Russian, in Moscow time', () => {
    const rows = officeRows(links, now);
    expect(rows.map((r) => r.officeId)).toEqual(['buy', 'sharya', 'kostroma']);
    expect(rows[0]).toMatchObject({ state: 'нет связи 1 ч', alert: true, lastSync: '—' });
    expect(rows[1]).toMatchObject({ state: 'на связи', lastSync: '25.11.2026 10:59 (1 мин назад)', lag: '15 с', received: 120, backlog: 5 });
    expect(rows[2]?.state).toBe('ключ не выдан');
  });

  it('names the silent offices above the table', () => {
    expect(silenceBanner(links, 30)).toEqual({ alert: true, text: 'Нет связи дольше 30 мин рабочего времени: Буйское отделение.' });
    expect(silenceBanner(links.slice(0, 1), 30).alert).toBe(false);
  });

  it('an office whose hub reports a full disk comes first, in words, and is named above the table', () => {
    const full = link({ officeId: 'galich', name: 'Галичское отделение', storage: { state: 'critical', freeBytes: 0, totalBytes: 16 * 1024 * 1024 } });
    const low = link({ officeId: 'neya', name: 'Нейский отдел', storage: { state: 'warning', freeBytes: 700 * 1024 * 1024, totalBytes: null } });
    const rows = officeRows([low, ...links, full], now);
    expect(rows.map((r) => r.officeId)).toEqual(['buy', 'galich', 'neya', 'sharya', 'kostroma']);
    expect(rows[1]).toMatchObject({ disk: 'заполнен, свободно 0 Б', diskFull: true });
    expect(rows[2]).toMatchObject({ disk: 'мало места, свободно 700 МБ', diskFull: false });
    expect(rows[3]?.disk).toBe('—');
    expect(diskBanner([low, full])).toBe('Диск хаба заполнен, записи не принимаются: Галичское отделение.');
    expect(diskBanner(links)).toBeNull();
  });
});
