// Numbers as a Russian reader expects them: decimal comma, non-breaking thousands.
const formatters = new Map();

export function number(value, decimals) {
  if (value === null || value === undefined) return '—';
  let f = formatters.get(decimals);
  if (!f) formatters.set(decimals, (f = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  const text = f.format(value);
  return text === f.format(-0) ? f.format(0) : text;
}

export const signed = (value, decimals) => (value === null || value === undefined ? '—' : value > 0 ? `+${number(value, decimals)}` : number(value, decimals));

/** Display rules per metric: the same places the XLSX and CSV use. */
export const METRIC = {
  panel: { label: 'Средний балл пульта', text: (v) => number(v, 2), min: 1, max: 5 },
  csat: { label: 'CSAT, %', text: (v) => number(v, 1), min: 0, max: 100 },
  nps: { label: 'NPS', text: (v) => signed(v, 1), min: -100, max: 100 },
  ces: { label: 'CES', text: (v) => number(v, 2), min: 1, max: 5 },
};

const dateTime = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const time = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const moscowDateTime = (iso) => dateTime.format(new Date(iso));
export const moscowTime = (date) => time.format(date);
