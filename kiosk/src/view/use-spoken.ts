import { useEffect } from 'preact/hooks';
import { say, speechOn } from './view-options.ts';

/** Reads a screen's prompt aloud on arrival (and when the client switches speech on). */
export function useSpoken(text: string): void {
  const on = speechOn.value;
  useEffect(() => {
    if (on) say(text);
  }, [text, on]);
}
