import { describe, expect, it } from 'vitest';
import { keyboardRows, type KeyAction } from './layout.ts';
import { applyKey, sentenceStart, type TextState } from './text-edit.ts';

const at = (text: string, caret = text.length, upper = false): TextState => ({ text, selectionStart: caret, selectionEnd: caret, upper });
const ch = (c: string): KeyAction => ({ kind: 'char', char: c });

describe('ЙЦУКЕН layout', () => {
  it('has digits, the three letter rows with all 33 letters, punctuation and space', () => {
    const rows = keyboardRows(false);
    expect(rows[1]!.map((k) => k.label).join('')).toBe('йцукенгшщзхъ');
    expect(rows[2]!.map((k) => k.label).join('')).toBe('фывапролджэ');
    const letters = rows.flat().filter((k) => k.action.kind === 'char' && /[а-яё]/.test(k.label));
    expect(new Set(letters.map((k) => k.label)).size).toBe(33);
    expect(rows.flat().map((k) => k.action.kind)).toEqual(expect.arrayContaining(['shift', 'backspace', 'space']));
  });

  it('shows capitals with shift, and every key has a spoken name', () => {
    expect(keyboardRows(true)[1]![0]!.label).toBe('Й');
    expect(keyboardRows(true)[0]![0]!.label).toBe('1');
    expect(keyboardRows(false).flat().every((k) => k.name.length > 0)).toBe(true);
    expect(keyboardRows(false)[4]!.find((k) => k.label === '?')!.name).toBe('вопросительный знак');
  });
});

describe('applyKey', () => {
  it('inserts at the caret and replaces a selection', () => {
    expect(applyKey(at('пла', 1), ch('о'), 100)).toMatchObject({ text: 'пола', selectionStart: 2 });
    expect(applyKey({ text: 'плохо', selectionStart: 0, selectionEnd: 5, upper: false }, ch('х'), 100)).toMatchObject({ text: 'х', selectionStart: 1 });
  });

  it('stops at the length limit', () => {
    expect(applyKey(at('абв'), ch('г'), 3).text).toBe('абв');
    expect(applyKey(at('аб'), { kind: 'space' }, 3).text).toBe('аб ');
    expect(applyKey({ text: 'абв', selectionStart: 1, selectionEnd: 2, upper: false }, ch('я'), 3).text).toBe('аяв');
  });

  it('backspace erases the character before the caret, or the selection, and nothing at the start', () => {
    expect(applyKey(at('абв', 2), { kind: 'backspace' }, 10)).toMatchObject({ text: 'ав', selectionStart: 1 });
    expect(applyKey({ text: 'абв', selectionStart: 0, selectionEnd: 2, upper: false }, { kind: 'backspace' }, 10)).toMatchObject({ text: 'в', selectionStart: 0 });
    expect(applyKey(at('абв', 0), { kind: 'backspace' }, 10).text).toBe('абв');
    expect(applyKey(at('ок👍'), { kind: 'backspace' }, 10).text).toBe('ок');
  });

  it('shift is one-shot and comes back at the start of a sentence', () => {
    const first = applyKey(at('', 0, true), ch('О'), 100);
    expect(first).toMatchObject({ text: 'О', upper: false });
    expect(applyKey(at('Хорошо.'), { kind: 'space' }, 100).upper).toBe(true);
    expect(applyKey(at('Хорошо'), { kind: 'shift' }, 100).upper).toBe(true);
    expect(sentenceStart('Да. ', 4)).toBe(true);
    expect(sentenceStart('Да.', 3)).toBe(false);
    expect(sentenceStart('', 0)).toBe(true);
  });
});
