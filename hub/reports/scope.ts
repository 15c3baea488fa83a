import type { HubConfig } from '../config.ts';

/**
 * Which offices a caller may see. An office hub holds one office's data, so its scope is that
 * office; the central sees the region. When staff accounts arrive, an office head's scope is
 * narrowed to their office by intersecting with this (see `narrowScope`).
 */
export interface ReportScope {
  officeIds: readonly string[] | 'all';
}

export const REGION: ReportScope = { officeIds: 'all' };

export const hubScope = (config: Pick<HubConfig, 'role' | 'officeId'>): ReportScope =>
  config.role === 'central' ? REGION : { officeIds: [config.officeId] };

/** The offices both scopes allow. */
export function narrowScope(a: ReportScope, b: ReportScope): ReportScope {
  if (a.officeIds === 'all') return b;
  if (b.officeIds === 'all') return a;
  const allowed = new Set(b.officeIds);
  return { officeIds: a.officeIds.filter((id) => allowed.has(id)) };
}

export const inScope = (scope: ReportScope, officeId: string): boolean => scope.officeIds === 'all' || scope.officeIds.includes(officeId);
