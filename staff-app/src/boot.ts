import type { Boot } from '../../shared/api/boot.ts';
import { BOOT_ELEMENT_ID } from '../../shared/api/boot-element.ts';

/**
 * The page's starting facts, written by the hub into a JSON data block (never run as a script, so
 * the hub's `script-src 'self'` holds). The hub built it against the shared schema; a page without
 * it is an error page of its own.
 */
export function readBoot(): Boot {
  const text = document.getElementById(BOOT_ELEMENT_ID)?.textContent;
  try {
    if (text) return JSON.parse(text) as Boot;
  } catch {
    // fall through to the error page below
  }
  return { frame: { hub: { role: 'office', officeId: '', title: '', regionalFrom: null }, user: null, csrfToken: null, nav: [] }, props: { page: 'error' } };
}
