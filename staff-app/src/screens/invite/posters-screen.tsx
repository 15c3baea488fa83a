import type { ScreenProps } from '../../screen-props.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';

/** The offices' A4 posters: one row per open office, its short address and the printable poster. */
type Row = ScreenProps<'posters'>['props']['offices'][number];

const COLUMNS: Column<Row>[] = [
  { id: 'name', label: 'Отдел', sort: (r) => r.name, cell: (r) => <th scope="row">{r.name}</th> },
  {
    id: 'url',
    label: 'Короткий адрес на плакате',
    cell: (r) => (
      <td>
        <code>{r.url}</code>
      </td>
    ),
  },
  {
    id: 'open',
    label: 'Плакат',
    cell: (r) => (
      <td>
        <a href={`/posters/${r.id}`}>Открыть плакат «{r.name}»</a>
      </td>
    ),
  },
];

export function Screen({ props }: ScreenProps<'posters'>) {
  return (
    <>
      <p>
        Плакат формата A4 для зала ожидания: клиент наводит камеру телефона на код и отвечает на вопросы. Откройте плакат и нажмите «Печать». Ссылки ведут на {props.base}.
      </p>
      <DataTable caption="Плакаты отделов" captionHidden columns={COLUMNS} rows={props.offices} rowKey={(r) => r.id} />
    </>
  );
}
