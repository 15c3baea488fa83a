/**
 * Phone mode: the link names only the office's id, so the page asks the server that serves it for
 * the office's name (shown on the first screen) and postal address (where a complaint goes). The
 * survey works without them; a failure leaves the generic title.
 */
export const PUBLIC_OFFICE_PATH = '/api/public/offices/';

export interface OfficeInfo {
  name: string;
  address: string;
}

export async function fetchOfficeInfo(doFetch: typeof fetch, officeId: string, timeoutMs: number): Promise<OfficeInfo | null> {
  try {
    const res = await doFetch(PUBLIC_OFFICE_PATH + encodeURIComponent(officeId), { credentials: 'omit', redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { office?: { id?: unknown; name?: unknown; address?: unknown } };
    const office = body.office;
    if (!office || office.id !== officeId || typeof office.name !== 'string' || typeof office.address !== 'string') return null;
    return { name: office.name.slice(0, 200), address: office.address.slice(0, 300) };
  } catch {
    return null;
  }
}
