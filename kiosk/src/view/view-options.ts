import { signal } from '@preact/signals';
import { pickRussianVoice } from './voice.ts';

/**
 * How the client wants the survey shown and heard, switched on the welcome screen: large print
 * with high contrast («версия для слабовидящих», as ГОСТ Р 52872-2019 sites offer it), and prompts
 * read aloud by a voice on the device. Both are off by default; on the kiosk they are reset for the
 * next client, on a phone they stay for the person holding it (large print across a reload too).
 */
export const largePrint = signal(false);
export const speechOn = signal(false);
/** A local Russian voice exists (the voice list arrives asynchronously in Chromium). */
export const speechAvailable = signal(false);

let voice: SpeechSynthesisVoice | null = null;
const synth = (): SpeechSynthesis | null => (typeof speechSynthesis === 'undefined' ? null : speechSynthesis);

export function watchVoices(): void {
  const s = synth();
  if (!s) return;
  const update = () => {
    voice = pickRussianVoice(s.getVoices());
    speechAvailable.value = voice !== null;
    if (!voice) speechOn.value = false;
  };
  update();
  s.addEventListener('voiceschanged', update);
  // Chromium on Linux connects to speech-dispatcher lazily and does not always announce the list.
  for (const ms of [2000, 10_000, 30_000]) setTimeout(() => voice === null && update(), ms);
}

export function setLargePrint(on: boolean): void {
  largePrint.value = on;
  if (on) document.documentElement.dataset.view = 'large';
  else delete document.documentElement.dataset.view;
  try {
    if (memory && on) memory.setItem(LARGE_PRINT_KEY, '1');
    else if (memory) memory.removeItem(LARGE_PRINT_KEY);
  } catch {
    // Storage full or refused (private mode): the choice holds until the page is closed.
  }
}

/**
 * Where a phone keeps its owner's large-print choice across a reload: localStorage, read
 * synchronously before the first render so a reloaded page never flashes in small print (the
 * kiosk's IndexedDB opens asynchronously, after it). Only phone mode calls rememberViewIn; the
 * kiosk never reads or writes it, so the next client at the shared kiosk starts from the default.
 * Spoken prompts are not remembered: a reloaded page may not speak before the client touches it,
 * and a phone that starts talking by itself in a queue would surprise its owner.
 */
export type ViewMemory = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const LARGE_PRINT_KEY = 'czn-survey:large-print';
let memory: ViewMemory | null = null;

/** Phone mode: remembers the choice from now on in `storage` and applies the one remembered. */
export function rememberViewIn(storage: ViewMemory | null): void {
  memory = storage;
  let remembered = false;
  try {
    remembered = storage?.getItem(LARGE_PRINT_KEY) === '1';
  } catch {
    // Unreadable storage: the ordinary view.
  }
  if (remembered) setLargePrint(true);
}

/** The browser's localStorage, or null where reading it is refused (cookies blocked). */
export function browserStorage(): ViewMemory | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function setSpeech(on: boolean): void {
  speechOn.value = on && voice !== null;
  if (!speechOn.value) synth()?.cancel();
}

/** Reads a prompt aloud when the client asked for it; a newer prompt cuts the older one short. */
export function say(text: string): void {
  const s = synth();
  if (!s || !speechOn.value || !voice) return;
  s.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang || 'ru-RU';
  utterance.rate = 0.95;
  s.speak(utterance);
}

/** A new client at the kiosk starts from the ordinary view, in silence. */
export function resetView(): void {
  setLargePrint(false);
  setSpeech(false);
}
