import type { InvitationRatesResponse } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { number } from '../../format.ts';
import { liveTick, periodKey } from './store.ts';

/**
 * Invitations to the phone survey (QR code after a visit, e-mailed link): how many were issued and
 * how many answered, per office. The hub that issues and the one that takes the answers are often
 * different (office hub and central): the central holds both, as the office hubs report their
 * counts with what they forward; an office hub that forwards holds only what it issued.
 */
type Row = InvitationRatesResponse['offices'][number];
const count = (v: number | null) => (v === null ? 'не на этом хабе' : number(v, 0));

export function InvitationsView() {
  const rates = useLoad(() => getJson<InvitationRatesResponse>('/api/invitations/response-rate', { period: periodKey.value }), [periodKey.value, liveTick.value]);
  if (!rates.data) return rates.error ? <Failed message={rates.error} retry={rates.reload} /> : <Loading what="приглашения" />;
  const d = rates.data;
  const columns: Column<Row>[] = [
    { id: 'office', label: 'Отдел', sort: (r) => r.officeName, cell: (r) => <th scope="row">{r.officeName}</th> },
    { id: 'issued', label: 'Выдано приглашений', sort: (r) => r.issued, cell: (r) => <td class="num">{count(r.issued)}</td> },
    { id: 'answered', label: 'Получено ответов', sort: (r) => r.answered, cell: (r) => <td class="num">{count(r.answered)}</td> },
    {
      id: 'rate',
      label: 'Доля ответивших',
      sort: (r) => r.rate,
      cell: (r) => (
        <td class="num rate-cell">
          {r.rate === null ? '—' : `${number(r.rate, 0)} %`}
          {r.rate !== null && (
            <svg viewBox="0 0 100 8" width="100" height="8" aria-hidden="true">
              <rect x="0" y="0" width="100" height="8" class="rate-track" />
              <rect x="0" y="0" width={Math.min(100, r.rate)} height="8" class="rate-bar" />
            </svg>
          )}
        </td>
      ),
    },
  ];
  const note = d.issuedByOffices
    ? 'Сколько приглашений выдано, сообщают хабы отделов вместе с пересылкой записей: пока отдел без связи, его число выданных может отставать.'
    : !d.answeredHere
      ? 'Приглашения выдаются здесь, а ответы телефоны отправляют на центральный сборщик: число ответов и долю ответивших показывает он.'
      : null;
  return (
    <>
      {note && <p class="calm">{note}</p>}
      <DataTable id="invitations" caption="Приглашения к опросу: выдано и получено ответов" captionHidden columns={columns} rows={d.offices.filter((r) => (r.issued ?? 0) > 0 || (r.answered ?? 0) > 0 || d.offices.length <= 3)} rowKey={(r) => r.officeId} rowProps={(r) => ({ 'data-office': r.officeId })} />
    </>
  );
}
