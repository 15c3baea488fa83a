import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS, LAUNCH_REFUSAL_TEXT, readLaunch } from './launch.ts';

describe('readLaunch', () => {
  it('is kiosk mode by default, with the default timings', () => {
    expect(readLaunch('')).toEqual({ mode: 'kiosk', timings: DEFAULT_TIMINGS });
  });

  it('reads phone mode: office, channel, desk and service from the link', () => {
    expect(readLaunch('?mode=phone&office=sharya&channel=visit-qr&desk=%20Окно%203%20&service=vacancies')).toMatchObject({
      mode: 'phone',
      officeId: 'sharya',
      channel: 'visit-qr',
      desk: 'Окно 3',
      serviceId: 'vacancies',
    });
    expect(readLaunch('?mode=phone&office=sharya&channel=qr-poster')).toMatchObject({ desk: null, serviceId: null });
  });

  it('carries the invitation token t of a per-visit link, and drops one that is not a token', () => {
    const token = 'v1.sharya.0a1b2c3d4e5f.eyJvIjoic2hhcnlhIn0.c2lnbmF0dXJl';
    expect(readLaunch(`?mode=phone&office=sharya&channel=email-link&t=${token}`)).toMatchObject({ mode: 'phone', channel: 'email-link', token });
    expect(readLaunch('?mode=phone&office=sharya&channel=visit-qr&t=<script>')).toMatchObject({ mode: 'phone', token: null });
    // The short code the central resolves (hub/invitations/short-code.ts), as /s/<code> hands it over.
    expect(readLaunch('?mode=phone&office=sharya&channel=visit-qr&t=K7QM3XZPHA41')).toMatchObject({ mode: 'phone', token: 'K7QM3XZPHA41' });
    expect(readLaunch('?mode=phone&office=sharya&channel=visit-qr&t=K7QM3XZPHA4U')).toMatchObject({ mode: 'phone', token: null });
    expect(readLaunch('?mode=phone&office=sharya&channel=qr-poster&t.idle=5')).toMatchObject({ mode: 'phone', token: null });
  });

  it('refuses a phone link without a valid office or channel', () => {
    expect(readLaunch('?mode=phone&channel=qr-poster')).toEqual({ mode: 'invalid', reason: 'no-office' });
    expect(LAUNCH_REFUSAL_TEXT['no-office']).toBe('в ссылке нет отдела');
    expect(readLaunch('?mode=phone&office=sharya&channel=kiosk').mode).toBe('invalid');
    expect(readLaunch('?mode=tablet').mode).toBe('invalid');
  });

  it('takes test timings within bounds and ignores nonsense', () => {
    const launch = readLaunch('?t.idle=2&t.thanks=1&t.backoff=20&t.backoffCap=200&t.heartbeat=abc');
    expect(launch.mode === 'kiosk' && launch.timings).toEqual({ ...DEFAULT_TIMINGS, idleSeconds: 2, thanksSeconds: 1, backoffBaseMs: 20, backoffCapMs: 200 });
    const silly = readLaunch('?t.idle=0&t.backoff=-5');
    expect(silly.mode === 'kiosk' && silly.timings).toEqual(DEFAULT_TIMINGS);
  });
});
