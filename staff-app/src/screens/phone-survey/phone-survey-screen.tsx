import { useState } from 'preact/hooks';
import type { CallQueueResponse, CampaignListResponse, CampaignSummary, ImportResponse, PhoneCall } from '../../../../shared/phone-survey.ts';
import { CALL_STATUS_LABEL, CALL_STATUSES } from '../../../../shared/phone-survey-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { ApiFailure, getJson, sendFile, sendJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { CallForm } from './call-form.tsx';
import './phone-survey.css';

/**
 * «Телефонный опрос» (order No. 308, 1.2): the CX sector makes a campaign and loads its call list;
 * operators open it, see the script and the calls to make first, and record each call. Closing a
 * campaign deletes its numbers; its answers stay in the figures as «Телефонный опрос».
 */
export function Screen({ props }: ScreenProps<'phone-survey'>) {
  const campaigns = useLoad(() => getJson<CampaignListResponse>('/api/phone-survey/campaigns'));
  const [openId, setOpenId] = useState<string | null>(null);
  const open = campaigns.data?.campaigns.find((c) => c.id === openId) ?? null;
  return (
    <>
      {props.mayManage && <NewCampaign onMade={(id) => (campaigns.reload(), setOpenId(id))} />}
      <h2>Кампании</h2>
      {campaigns.error ? (
        <Failed message={campaigns.error} retry={campaigns.reload} />
      ) : !campaigns.data ? (
        <Loading />
      ) : campaigns.data.campaigns.length === 0 ? (
        <Empty>Кампаний пока нет.</Empty>
      ) : (
        <ul class="phone-campaigns">
          {campaigns.data.campaigns.map((c) => (
            <li key={c.id}>
              <button type="button" class="link" aria-pressed={c.id === openId} onClick={() => setOpenId(c.id)}>
                {c.title}
              </button>{' '}
              <span class="muted">
                {c.closedAt ? `закрыта ${moscowDateTime(c.closedAt)}` : 'идёт'} · в списке {c.total} · ответили {c.counts.answered} · не звонили {c.counts.pending}
              </span>
            </li>
          ))}
        </ul>
      )}
      {open && <Campaign key={open.id} campaign={open} offices={props.offices} mayManage={props.mayManage} onChanged={campaigns.reload} />}
    </>
  );
}

function NewCampaign({ onMade }: { onMade: (id: string) => void }) {
  const [title, setTitle] = useState('');
  const [script, setScript] = useState('');
  const [error, setError] = useState<string | null>(null);
  const make = async (e: Event) => {
    e.preventDefault();
    try {
      const made = await sendJson<{ campaign: CampaignSummary }>('POST', '/api/phone-survey/campaigns', { title, script });
      setTitle('');
      setScript('');
      setError(null);
      onMade(made.campaign.id);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : 'Не удалось создать кампанию.');
    }
  };
  return (
    <details class="phone-new">
      <summary>Новая кампания</summary>
      <form onSubmit={make}>
        <Field id="phone-title" label="Название" error={error}>
          {(c) => <input {...c} value={title} maxLength={200} onInput={(e) => setTitle(inputValue(e))} />}
        </Field>
        <Field id="phone-script" label="Сценарий разговора" hint="Приветствие, кто звонит и зачем; вопросы анкеты оператор видит в форме звонка">
          {(c) => <textarea {...c} value={script} maxLength={5000} onInput={(e) => setScript(inputValue(e))} />}
        </Field>
        <button type="submit">Создать</button>
      </form>
    </details>
  );
}

function Campaign({ campaign, offices, mayManage, onChanged }: { campaign: CampaignSummary; offices: { id: string; name: string }[]; mayManage: boolean; onChanged: () => void }) {
  const queue = useLoad(() => getJson<CallQueueResponse>(`/api/phone-survey/campaigns/${campaign.id}/calls`), [campaign.id]);
  const [calling, setCalling] = useState<PhoneCall | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const officeName = (id: string) => offices.find((o) => o.id === id)?.name ?? id;
  const refresh = () => (queue.reload(), onChanged());

  const upload = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setProblems([]);
    try {
      const done = await sendFile<ImportResponse>(`/api/phone-survey/campaigns/${campaign.id}/calls`, new Blob([await file.arrayBuffer()], { type: 'text/csv' }));
      setNotice(`Загружено: ${done.added}; уже были в списке: ${done.alreadyListed} (кодировка ${done.encoding}).`);
      refresh();
    } catch (failure) {
      setNotice(failure instanceof ApiFailure ? failure.message : 'Список не загружен.');
      setProblems(failure instanceof ApiFailure ? failure.errors : []);
    }
  };
  const close = async () => {
    if (!confirm('Закрыть кампанию? Номера телефонов будут удалены, внести звонки будет нельзя. Ответы останутся в показателях.')) return;
    const done = await sendJson<{ deletedNumbers: number }>('POST', `/api/phone-survey/campaigns/${campaign.id}/close`);
    setNotice(`Кампания закрыта; удалено номеров: ${done.deletedNumbers}.`);
    refresh();
  };

  const columns: Column<PhoneCall>[] = [
    { id: 'phone', label: 'Телефон', cell: (c) => <th scope="row">{c.phone ?? '— удалён'}</th> },
    { id: 'office', label: 'Отдел', sort: (c) => officeName(c.officeId), cell: (c) => <td>{officeName(c.officeId)}</td> },
    { id: 'date', label: 'Дата услуги', sort: (c) => c.serviceDate, cell: (c) => <td>{c.serviceDate.split('-').reverse().join('.')}</td> },
    { id: 'status', label: 'Итог', sort: (c) => CALL_STATUSES.indexOf(c.status), cell: (c) => <td>{CALL_STATUS_LABEL[c.status]}{c.callBackAt ? `, ${moscowDateTime(c.callBackAt)}` : ''}</td> },
    { id: 'attempts', label: 'Попыток', sort: (c) => c.attempts, cell: (c) => <td>{c.attempts}</td> },
    {
      id: 'act',
      label: '',
      cell: (c) => (
        <td>
          {campaign.closedAt === null && c.status !== 'answered' && c.status !== 'refused' && (
            <button type="button" class="secondary" onClick={() => setCalling(c)}>
              Позвонить
            </button>
          )}
        </td>
      ),
    },
  ];

  return (
    <section class="phone-campaign" aria-labelledby="phone-campaign-title">
      <h2 id="phone-campaign-title">{campaign.title}</h2>
      {campaign.script && <blockquote class="phone-script">{campaign.script}</blockquote>}
      <p>
        {CALL_STATUSES.map((s) => `${CALL_STATUS_LABEL[s]}: ${campaign.counts[s]}`).join(' · ')}
      </p>
      {mayManage && campaign.closedAt === null && (
        <div class="phone-manage">
          <Field id="phone-list" label="Загрузить список для обзвона (CSV)" hint="Три столбца: телефон; отдел (название или код); дата услуги ДД.ММ.ГГГГ. UTF-8 или Windows-1251, как сохраняет Excel.">
            {(c) => <input {...c} type="file" accept=".csv,text/csv" onChange={(e) => void upload(e)} />}
          </Field>
          <button type="button" class="secondary" onClick={() => void close()}>
            Закрыть кампанию и удалить номера
          </button>
        </div>
      )}
      {notice && <p role="status">{notice}</p>}
      {problems.length > 0 && (
        <ul class="field-error" id="phone-list-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {calling && (
        <CallForm campaignId={campaign.id} call={calling} officeName={officeName(calling.officeId)} onCancel={() => setCalling(null)} onDone={() => (setCalling(null), setNotice('Итог звонка сохранён.'), refresh())} />
      )}
      {queue.error ? <Failed message={queue.error} retry={queue.reload} /> : !queue.data ? <Loading /> : queue.data.calls.length === 0 ? <Empty>В списке нет звонков.</Empty> : <DataTable caption="Список для обзвона: сначала назначенные перезвоны, затем новые" rows={queue.data.calls} columns={columns} rowKey={(c) => String(c.id)} />}
    </section>
  );
}
