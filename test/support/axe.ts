import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** A staff screen as the Chromium tests look at it: 1280 px, Russian, Moscow time. */
export const STAFF_VIEW = { viewport: { width: 1280, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

/**
 * Runs axe (WCAG 2.1 A/AA and best practice) on the page as it is now and adds each serious or
 * critical violation to `findings`, named by page and element, so a test can look at many views
 * and assert once at the end that nothing was found.
 */
export async function axe(page: Page, findings: string[]): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    findings.push(`${page.url()}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
}
