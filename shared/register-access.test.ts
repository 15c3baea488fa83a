import { describe, expect, it } from 'vitest';
import { channelsToOpen, mayFollowChannel, mayOpenChannel } from './register-access.ts';
import type { RegisterChannel } from './register.ts';

const ALL: RegisterChannel[] = ['book-of-reviews', 'hotline', 'written-appeal', 'social-poll', 'open-resource'];
const as = (...roles: ('info' | 'cx' | 'staff' | 'office-head' | 'director' | 'admin')[]) => ({ roles: roles.map((role) => ({ role })) });

describe('who owns which channel', () => {
  it('gives polls and open resources to the information sector, the CX sector and the admin', () => {
    expect(channelsToOpen(as('info'), ALL)).toEqual(['social-poll', 'open-resource']);
    expect(channelsToOpen(as('staff'), ALL)).toEqual(['book-of-reviews', 'hotline', 'written-appeal']);
    expect(channelsToOpen(as('cx'), ALL)).toEqual(ALL);
    expect(channelsToOpen(as('director'), ALL)).toEqual([]);
    expect(mayOpenChannel(as('office-head'), 'open-resource')).toBe(false);
  });

  it('lets the information sector follow only its channels, and an office head follow any', () => {
    expect(mayFollowChannel(as('info'), 'open-resource')).toBe(true);
    expect(mayFollowChannel(as('info'), 'written-appeal')).toBe(false);
    expect(mayFollowChannel(as('office-head'), 'open-resource')).toBe(true);
    expect(mayFollowChannel(as('info', 'cx'), 'hotline')).toBe(true);
    expect(mayFollowChannel(as('director'), 'social-poll')).toBe(false);
  });

  it('opens a mystery shopper’s entry only for the CX sector and the admin (by its visit); the office head follows it', () => {
    for (const role of ['info', 'staff', 'office-head', 'director'] as const) expect(mayOpenChannel(as(role), 'mystery-shopper')).toBe(false);
    expect(mayOpenChannel(as('cx'), 'mystery-shopper')).toBe(true);
    expect(mayOpenChannel(as('admin'), 'mystery-shopper')).toBe(true);
    expect(mayFollowChannel(as('office-head'), 'mystery-shopper')).toBe(true);
    expect(mayFollowChannel(as('info'), 'mystery-shopper')).toBe(false);
  });
});
