import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, never a downloaded one (README: real headless Chromium in tests). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Quiet and sandbox-free for containers: no background traffic, updates or first-run screens. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The headless browser the staff-page and phone tests open their contexts in. */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
