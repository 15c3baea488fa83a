import { describe, expect, it } from 'vitest';
import type { DirectoryOffice } from '../../../../shared/api/offices.ts';
import { checkChange, checkNew, draftOf, emptyDraft } from './office-form-state.ts';

/** The office form's checks: the hub's own schema, its words as sentences beside each field; a change sends only what differs. */
const sharya: DirectoryOffice = { id: 'sharya', name: 'Шарьинское отделение', kind: 'otdelenie', address: 'Костромская область, г. Шарья, ул. Адмирала Виноградова, д. 37 «Б»', closedAt: null, keyIssued: true };

describe('the office form', () => {
  it('an empty new office: every field said, each a sentence', () => {
    const result = checkNew(emptyDraft());
    expect(result).toEqual({
      ok: false,
      errors: {
        id: 'Идентификатор отдела: латиница в нижнем регистре, цифры и дефис',
        name: 'Название не короче 2 знаков',
        kind: 'Выберите: отделение или отдел',
        address: 'Адрес не короче 5 знаков',
      },
    });
  });

  it('a new office as typed becomes the body the hub takes: spaces tidied', () => {
    expect(checkNew({ id: ' vokhma-2 ', name: 'Вохомский  отдел, пункт', kind: 'otdel', address: ' п. Вохма, ул. Первомайская, д. 1 ' })).toEqual({
      ok: true,
      body: { id: 'vokhma-2', name: 'Вохомский отдел, пункт', kind: 'otdel', address: 'п. Вохма, ул. Первомайская, д. 1' },
    });
  });

  it('a change sends only the fields that differ; the same values are «nothing»', () => {
    expect(checkChange(sharya, { ...draftOf(sharya), name: 'Шарьинское отделение (новое здание)' })).toEqual({ ok: true, body: { name: 'Шарьинское отделение (новое здание)' } });
    expect(checkChange(sharya, { ...draftOf(sharya), name: ' Шарьинское  отделение ' })).toEqual({ ok: false, errors: {}, nothing: true });
    expect(checkChange(sharya, { ...draftOf(sharya), address: 'Sharya' })).toEqual({ ok: false, errors: { address: 'Адрес пишется по-русски, как его печатают на плакате' }, nothing: false });
  });
});
