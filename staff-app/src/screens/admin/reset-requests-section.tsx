import { useState } from 'preact/hooks';
import type { ResetRequestsResponse, SetupLinkResponse } from '../../../../shared/api/admin.ts';
import { getJson, sendJson } from '../../api/client.ts';
import { Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';

/** Staff who asked for a new password on the login page: the admin issues a one-time link and hands it over. */
export function ResetRequestsSection({ version, changed }: { version: number; changed: () => void }) {
  const requests = useLoad(() => getJson<ResetRequestsResponse>('/api/admin/reset-requests'), [version]);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  if ((!requests.data || requests.data.requests.length === 0) && !notice) return null;
  const issue = async (userId: number, login: string) => {
    try {
      const answer = await sendJson<SetupLinkResponse>('POST', `/api/admin/users/${userId}/setup-link`);
      setNotice({ text: `Ссылка для ${login} (действует 72 ч, один раз; передайте лично): ${answer.setupUrl}`, error: false });
      changed();
    } catch (error) {
      setNotice({ text: (error as Error).message, error: true });
    }
  };
  return (
    <section class="card" aria-labelledby="reset-h">
      <h2 id="reset-h">Просят новый пароль</h2>
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      <ul>
        {(requests.data?.requests ?? []).map((r) => (
          <li key={r.userId}>
            {r.displayName} ({r.login}), {moscowDateTime(r.at)}{' '}
            <button type="button" class="secondary" onClick={() => void issue(r.userId, r.login)}>
              Выдать ссылку для пароля
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
