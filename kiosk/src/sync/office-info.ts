import type { KioskSurvey } from '../../../shared/protocol/kiosk-config.ts';
import { PUBLIC_OFFICE_PATH } from '../../../shared/protocol/wire.ts';
import { isKioskSurvey } from '../setup/binding.ts';

/**
 * Phone mode: the link names only the office's id, so the page asks the server that serves it for
 * the office's name (shown on the first screen), postal address (where a complaint goes) and the
 * CX sector's list of services (the optional last question), and the built surveys the office
 * offers on phones today (offered after the main survey). The survey works without them; a
 * failure leaves the generic title, skips the service question and offers no built survey.
 */

export interface OfficeInfo {
  name: string;
  address: string;
  services: { id: string; name: string }[];
  surveys: KioskSurvey[];
}

const MAX_SERVICES = 50;
const isService = (s: unknown): s is { id: string; name: string } =>
  typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string' && typeof (s as { name?: unknown }).name === 'string';

export async function fetchOfficeInfo(doFetch: typeof fetch, officeId: string, timeoutMs: number): Promise<OfficeInfo | null> {
  try {
    const res = await doFetch(PUBLIC_OFFICE_PATH + encodeURIComponent(officeId), { credentials: 'omit', redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { office?: { id?: unknown; name?: unknown; address?: unknown }; services?: unknown; surveys?: unknown };
    const office = body.office;
    if (!office || office.id !== officeId || typeof office.name !== 'string' || typeof office.address !== 'string') return null;
    const services = Array.isArray(body.services) ? body.services.filter(isService).slice(0, MAX_SERVICES).map((s) => ({ id: s.id.slice(0, 64), name: s.name.slice(0, 120) })) : [];
    const surveys = Array.isArray(body.surveys) ? body.surveys.filter(isKioskSurvey) : [];
    return { name: office.name.slice(0, 200), address: office.address.slice(0, 300), services, surveys };
  } catch {
    return null;
  }
}
