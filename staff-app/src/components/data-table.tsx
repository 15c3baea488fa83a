import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';

/**
 * A table whose columns sort on a click of their heading (again: the other way), with the sort
 * announced to screen readers (aria-sort), optional grouped headings, and the CSV/XLSX downloads
 * of the same data above it. Rows keep their server order until someone sorts.
 */
export type SortValue = number | string | null;

export interface Column<Row> {
  id: string;
  label: ComponentChildren;
  /** Omit for a column that does not sort. Nulls sort last either way. */
  sort?: (row: Row) => SortValue;
  /** The cell: a <td> (or <th scope="row">) with its content, made by the column. */
  cell: (row: Row) => JSX.Element | null;
  headerClass?: string;
}

export interface HeaderGroup {
  label: string;
  span: number;
}

export interface Download {
  label: string;
  href: string;
}

const collator = new Intl.Collator('ru', { numeric: true });

function compare(a: SortValue, b: SortValue): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

export function DataTable<Row>(props: {
  id?: string;
  caption: string;
  captionHidden?: boolean;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => Record<string, string | undefined>;
  groups?: HeaderGroup[];
  foot?: ComponentChildren;
  downloads?: Download[];
  class?: string;
  initialSort?: { column: string; descending: boolean };
}) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(props.initialSort ?? null);
  const column = sort ? props.columns.find((c) => c.id === sort.column) : undefined;
  const rows = column?.sort
    ? [...props.rows].sort((x, y) => {
        const a = column.sort!(x);
        const b = column.sort!(y);
        if (a === null || b === null) return compare(a, b);
        return sort!.descending ? compare(b, a) : compare(a, b);
      })
    : props.rows;
  const toggle = (id: string) => setSort(sort?.column === id ? { column: id, descending: !sort.descending } : { column: id, descending: true });
  const grouped = props.groups !== undefined;
  return (
    <div class="data-table">
      {props.downloads && props.downloads.length > 0 && (
        <p class="downloads">
          Скачать:{' '}
          {props.downloads.map((d, i) => (
            <>
              {i > 0 && ' · '}
              <a href={d.href} download>
                {d.label}
              </a>
            </>
          ))}
        </p>
      )}
      <div class="table-wrap">
        <table id={props.id} class={props.class ?? 'grid'}>
          <caption class={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
          <thead>
            {grouped && (
              <tr>
                {props.groups!.map((g) =>
                  g.label === '' ? <td key={`gap-${g.span}`} colSpan={g.span} class="group-gap" /> : <th key={g.label} scope="colgroup" colSpan={g.span}>{g.label}</th>,
                )}
              </tr>
            )}
            <tr>
              {props.columns.map((c) => {
                const active = sort?.column === c.id;
                return (
                  <th key={c.id} scope="col" class={c.headerClass} aria-sort={active ? (sort!.descending ? 'descending' : 'ascending') : c.sort ? 'none' : undefined}>
                    {c.sort ? (
                      <button type="button" class="sort" onClick={() => toggle(c.id)}>
                        {c.label}
                        <span aria-hidden="true" class="sort-mark">
                          {active ? (sort!.descending ? ' ▼' : ' ▲') : ' ⇅'}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={props.rowKey(row)} {...(props.rowProps?.(row) ?? {})}>
                {props.columns.map((c) => c.cell(row))}
              </tr>
            ))}
          </tbody>
          {props.foot && <tfoot>{props.foot}</tfoot>}
        </table>
      </div>
    </div>
  );
}
