import { describe, expect, it } from 'vitest';
import type { KioskConfig } from '../../../shared/protocol/kiosk-config.ts';
import { readKioskConfig } from './binding.ts';
import { sampleDefinition } from '../../../test/support/sample-survey.ts';
import { registerKiosk } from './register.ts';

const config: KioskConfig = {
  deviceId: 'sharya-kiosk-1',
  office: { id: 'sharya', name: 'Шарьинское отделение', address: 'г. Шарья' },
  services: [{ id: 'vacancies', name: 'Подбор вакансий' }],
  idleSeconds: 30,
  surveys: [],
};

describe('reading the hub’s kiosk config', () => {
  it('takes a well-formed answer as it is', () => {
    expect(readKioskConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('refuses what is not a config, and drops malformed services', () => {
    expect(readKioskConfig('<html>')).toBeNull();
    expect(readKioskConfig({ ...config, deviceId: 'a b' })).toBeNull();
    expect(readKioskConfig({ ...config, office: { id: 'Шарья', name: 'x', address: null } })).toBeNull();
    expect(readKioskConfig({ ...config, idleSeconds: 0 })).toBeNull();
    expect(readKioskConfig({ ...config, services: [{ id: 'ok', name: 'Да' }, { id: 'Нет', name: 'x' }, 'junk'] })?.services).toEqual([{ id: 'ok', name: 'Да' }]);
  });

  it('reads a hub older than built surveys as offering none, and drops a malformed survey', () => {
    const { surveys: _s, ...older } = config;
    expect(readKioskConfig(older)?.surveys).toEqual([]);
    const survey = { surveyId: 's-1', version: 2, definition: sampleDefinition };
    expect(readKioskConfig({ ...config, surveys: [survey, { surveyId: 's-2', version: 1, definition: { meta: {}, questions: [] } }] })?.surveys).toEqual([survey]);
  });
});

describe('registration input', () => {
  const options = { timeoutMs: 1000, now: () => 0 };
  const key = 'czn_dev_' + 'A'.repeat(43);

  it('asks for a 4–8 digit PIN typed twice the same', async () => {
    expect(await registerKiosk({ keyOrCode: key, pin: '12', pinAgain: '12' }, options)).toEqual({ ok: false, message: 'PIN — от 4 до 8 цифр.' });
    expect(await registerKiosk({ keyOrCode: key, pin: '1234', pinAgain: '1243' }, options)).toEqual({ ok: false, message: 'PIN и повтор PIN не совпадают.' });
  });

  it('recognises neither a pairing code nor a device key in anything else', async () => {
    const result = await registerKiosk({ keyOrCode: 'пароль', pin: '1234', pinAgain: '1234' }, options);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/код привязки \(8 цифр\) или ключ устройства/);
  });
});
