/**
 * The on-screen Russian keyboard of the kiosk (ЙЦУКЕН), for the comment. The kiosk has no physical
 * keyboard and Chromium on Linux brings no on-screen one. Letter rows follow the standard layout;
 * ё sits at the end of the bottom row, where clients look for it, rather than left of 1.
 */
export type KeyAction = { kind: 'char'; char: string } | { kind: 'backspace' } | { kind: 'shift' } | { kind: 'space' };

export interface KeyCap {
  action: KeyAction;
  /** What is printed on the key. */
  label: string;
  /** What a screen reader says. */
  name: string;
  /** Relative width in the row. */
  width: number;
}

const LETTER_ROWS = ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё'];
const DIGITS = '1234567890';
const PUNCTUATION = [',', '.', '?', '!', '-', '(', ')', ':'];

const PUNCTUATION_NAMES: Record<string, string> = {
  ',': 'запятая',
  '.': 'точка',
  '?': 'вопросительный знак',
  '!': 'восклицательный знак',
  '-': 'дефис',
  '(': 'открывающая скобка',
  ')': 'закрывающая скобка',
  ':': 'двоеточие',
};

const char = (c: string, upper: boolean): KeyCap => {
  const shown = upper ? c.toLocaleUpperCase('ru') : c;
  return { action: { kind: 'char', char: shown }, label: shown, name: PUNCTUATION_NAMES[c] ?? shown, width: 1 };
};

export function keyboardRows(upper: boolean): KeyCap[][] {
  const [top = '', middle = '', bottom = ''] = LETTER_ROWS;
  return [
    [...DIGITS].map((d) => char(d, false)),
    [...top].map((c) => char(c, upper)),
    [...middle].map((c) => char(c, upper)),
    [
      { action: { kind: 'shift' }, label: '⇧', name: upper ? 'строчные буквы' : 'заглавная буква', width: 1.5 },
      ...[...bottom].map((c) => char(c, upper)),
      { action: { kind: 'backspace' }, label: '⌫', name: 'стереть', width: 1.5 },
    ],
    [...PUNCTUATION.slice(0, 4).map((c) => char(c, false)), { action: { kind: 'space' }, label: 'пробел', name: 'пробел', width: 5 }, ...PUNCTUATION.slice(4).map((c) => char(c, false))],
  ];
}
