import type { KeyAction } from './layout.ts';

/**
 * What a key does to the comment: inserts at the caret (or replaces the selection), never past the
 * length limit; backspace removes the selection or the character before the caret. Shift is
 * one-shot, and on at the start of the text and after the end of a sentence, as on a phone.
 */
export interface TextState {
  text: string;
  selectionStart: number;
  selectionEnd: number;
  upper: boolean;
}

export function applyKey(state: TextState, action: KeyAction, maxLength: number): TextState {
  const start = Math.max(0, Math.min(state.selectionStart, state.text.length));
  const end = Math.max(start, Math.min(state.selectionEnd, state.text.length));
  switch (action.kind) {
    case 'shift':
      return { ...state, upper: !state.upper };
    case 'backspace': {
      const from = start === end ? Math.max(0, start - charLengthBefore(state.text, start)) : start;
      const text = state.text.slice(0, from) + state.text.slice(end);
      return { text, selectionStart: from, selectionEnd: from, upper: sentenceStart(text, from) };
    }
    case 'space':
    case 'char': {
      const insert = action.kind === 'space' ? ' ' : action.char;
      const room = maxLength - (state.text.length - (end - start));
      if (room < insert.length) return { ...state, selectionStart: start, selectionEnd: end };
      const text = state.text.slice(0, start) + insert + state.text.slice(end);
      const caret = start + insert.length;
      return { text, selectionStart: caret, selectionEnd: caret, upper: sentenceStart(text, caret) };
    }
  }
}

/** Shift comes on by itself at the very start and after ". ", "! ", "? ". */
export function sentenceStart(text: string, caret: number): boolean {
  const before = text.slice(0, caret).trimEnd();
  if (before === '') return true;
  return /[.!?]$/.test(before) && caret > before.length;
}

// A character outside the Basic Multilingual Plane is two UTF-16 units; erase it whole.
function charLengthBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? 2 : 1;
}
