import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHubConfig } from './config.ts';

describe('hub configuration', () => {
  it('has working defaults with an empty environment', () => {
    const result = readHubConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ role: 'office', officeId: 'kostroma', port: 8080, host: '127.0.0.1' });
    expect(result.value.databaseFile).toBe(path.resolve('data/office-kostroma.sqlite'));
  });
  it('PORT and DATA_DIR override', () => {
    const result = readHubConfig({ PORT: '9001', DATA_DIR: '/tmp/x', ROLE: 'central' });
    expect(result.ok && [result.value.port, result.value.databaseFile]).toEqual([9001, '/tmp/x/central.sqlite']);
  });
  it('a bad value names the key, the value and what is expected', () => {
    const result = readHubConfig({ PORT: 'восемь' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('PORT (переменная окружения) = "восемь"');
    expect(result.message).toMatch(/ожидалось число/);
  });
  it('an unknown office id and an out-of-range port are refused', () => {
    const result = readHubConfig({ OFFICE_ID: 'Шарья', PORT: '70000' });
    expect(!result.ok && result.message.split('\n').length).toBe(3);
  });
  it('DATABASE_URL: a postgres:// address, only for the central, and never printed back', () => {
    const good = readHubConfig({ ROLE: 'central', DATABASE_URL: 'postgres://czn_central:s3cret@db.example:5432/czn' });
    expect(good.ok && good.value.databaseUrl).toBe('postgres://czn_central:s3cret@db.example:5432/czn');
    const wrong = readHubConfig({ ROLE: 'central', DATABASE_URL: 'mysql://czn:s3cret@db/czn' });
    expect(!wrong.ok && wrong.message).toContain('DATABASE_URL (переменная окружения) = (значение скрыто): адрес базы PostgreSQL');
    expect(!wrong.ok && wrong.message).not.toContain('s3cret');
    const office = readHubConfig({ ROLE: 'office', DATABASE_URL: 'postgres://czn:s3cret@db/czn' });
    expect(!office.ok && office.message).toContain('только центральному сборщику');
    expect(!office.ok && office.message).not.toContain('s3cret');
  });
  it('REPORTS_DATABASE_URL: a postgres:// replica beside DATABASE_URL, only for the central, never printed back', () => {
    const primary = 'postgres://czn_central:s3cret@db.example:5432/czn';
    const good = readHubConfig({ ROLE: 'central', DATABASE_URL: primary, REPORTS_DATABASE_URL: 'postgres://czn_reports:r3plica@replica.example:5432/czn' });
    expect(good.ok && [good.value.databaseUrl, good.value.reportsDatabaseUrl]).toEqual([primary, 'postgres://czn_reports:r3plica@replica.example:5432/czn']);
    // Not set: the reports read DATABASE_URL itself.
    const unset = readHubConfig({ ROLE: 'central', DATABASE_URL: primary });
    expect(unset.ok && unset.value.reportsDatabaseUrl).toBeNull();
    const alone = readHubConfig({ ROLE: 'central', REPORTS_DATABASE_URL: 'postgres://czn:r3plica@replica/czn' });
    expect(!alone.ok && alone.message).toContain('задаётся вместе с DATABASE_URL');
    expect(!alone.ok && alone.message).not.toContain('r3plica');
    const wrong = readHubConfig({ ROLE: 'central', DATABASE_URL: primary, REPORTS_DATABASE_URL: 'mysql://czn:r3plica@replica/czn' });
    expect(!wrong.ok && wrong.message).toContain('REPORTS_DATABASE_URL (переменная окружения) = (значение скрыто): адрес реплики PostgreSQL');
    expect(!wrong.ok && wrong.message).not.toContain('r3plica');
    const office = readHubConfig({ ROLE: 'office', REPORTS_DATABASE_URL: 'postgres://czn:r3plica@replica/czn' });
    expect(!office.ok && office.message).toContain('REPORTS_DATABASE_URL задаётся только центральному сборщику');
    expect(!office.ok && office.message).not.toContain('r3plica');
  });
  it('reads a JSON file and lets the environment win', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ officeId: 'sharya', port: 7000, workingHours: { start: '09:00' } }));
    const result = readHubConfig({ HUB_CONFIG: file, PORT: '7001' });
    expect(result.ok && [result.value.officeId, result.value.port, result.value.workingHours.start, result.value.workingHours.end]).toEqual(['sharya', 7001, '09:00', '18:00']);
  });
  it('an unknown key in the file is an error, not ignored', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'hub.json');
    writeFileSync(file, JSON.stringify({ prot: 7000 }));
    const result = readHubConfig({ HUB_CONFIG: file });
    expect(!result.ok && result.message).toMatch(/prot/);
  });
  it('reports: no SMTP by default, scheduled reports on, one default low-score rule', () => {
    const result = readHubConfig({});
    expect(result.ok && [result.value.smtp, result.value.reportRecipients, result.value.scheduledReports, result.value.lowScoreAlerts]).toEqual([
      null,
      [],
      true,
      [{ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }],
    ]);
  });
  it('reports: SMTP and recipients from the environment; a bad address is refused', () => {
    const result = readHubConfig({ SMTP_HOST: 'mail.czn.test', SMTP_PORT: '2525', SMTP_FROM: 'reports@czn.test', REPORT_RECIPIENTS: 'cx@czn.test, aho@czn.test' });
    expect(result.ok && [result.value.smtp, result.value.reportRecipients]).toEqual([
      { host: 'mail.czn.test', port: 2525, secure: false, user: null, pass: null, from: 'reports@czn.test' },
      ['cx@czn.test', 'aho@czn.test'],
    ]);
    const bad = readHubConfig({ SMTP_HOST: 'mail.czn.test', SMTP_FROM: 'не адрес' });
    expect(!bad.ok && bad.message).toMatch(/SMTP_FROM/);
  });
  it('forwarding: defaults to the protocol bounds, 1 s…60 s backoff and a 60 min silence alert', () => {
    const result = readHubConfig({});
    expect(result.ok && [result.value.centralUrl, result.value.forward, result.value.officeSilenceMinutes]).toEqual([
      null,
      { batchRecords: 1000, batchBytes: 1024 * 1024, retryBaseMs: 1000, retryMaxMs: 60_000, idleReportSeconds: 60, requestTimeoutMs: 60_000 },
      60,
    ]);
  });
  it('forwarding: an office with CENTRAL_URL needs a key id and one secret source, and the secret is never echoed', () => {
    const secret = 'czn_hub_not-a-real-secret-but-long-enough-to-look-like-one';
    const noKey = readHubConfig({ CENTRAL_URL: 'https://central.czn.test' });
    expect(!noKey.ok && noKey.message).toMatch(/CENTRAL_KEY_ID/);
    const both = readHubConfig({ CENTRAL_URL: 'https://central.czn.test', CENTRAL_KEY_ID: 'sharya.0a1b2c3d4e5f', CENTRAL_KEY: secret, CENTRAL_KEY_FILE: '/etc/czn/key' });
    expect(!both.ok && both.message).not.toContain(secret);
    const fine = readHubConfig({ CENTRAL_URL: 'https://central.czn.test', CENTRAL_KEY_ID: 'sharya.0a1b2c3d4e5f', CENTRAL_KEY: secret, FORWARD_BATCH_RECORDS: '200', FORWARD_RETRY_MAX_MS: '5000' });
    expect(fine.ok && [fine.value.centralKeyId, fine.value.forward.batchRecords, fine.value.forward.retryMaxMs]).toEqual(['sharya.0a1b2c3d4e5f', 200, 5000]);
    // The central itself needs no key.
    expect(readHubConfig({ ROLE: 'central', CENTRAL_URL: 'https://central.czn.test' }).ok).toBe(true);
  });
  it('forwarding: a batch larger than the protocol allows is refused', () => {
    const result = readHubConfig({ FORWARD_BATCH_RECORDS: '5000', OFFICE_SILENCE_MINUTES: '0' });
    expect(!result.ok && result.message).toMatch(/FORWARD_BATCH_RECORDS[\s\S]*OFFICE_SILENCE_MINUTES/);
  });
  it('survey links: SURVEY_BASE_URL and the invitation limits, with defaults', () => {
    const plain = readHubConfig({});
    expect(plain.ok && [plain.value.surveyBaseUrl, plain.value.invitations]).toEqual([null, { ttlDays: 7, rateWindowSeconds: 60, rateMax: 30, maxBodyBytes: 16384, guessWindowSeconds: 900, guessMax: 10, codeRegisterTimeoutMs: 3000 }]);
    const set = readHubConfig({ SURVEY_BASE_URL: 'https://opros.czn44.ru', INVITATION_TTL_DAYS: '3', PUBLIC_RATE_MAX: '5' });
    expect(set.ok && [set.value.surveyBaseUrl, set.value.invitations.ttlDays, set.value.invitations.rateMax]).toEqual(['https://opros.czn44.ru', 3, 5]);
    expect(readHubConfig({ SURVEY_BASE_URL: 'ftp://x' }).ok).toBe(false);
  });
  it('a missing file is an error', () => {
    const result = readHubConfig({ HUB_CONFIG: '/nonexistent/hub.json' });
    expect(!result.ok && result.message).toMatch(/не прочитан/);
  });
});
