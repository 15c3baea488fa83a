import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from '../api/client.ts';

/**
 * Data that follows the hub without a page reload: loaded at once, again every `everyMs` while the
 * tab is visible, and at once when it becomes visible again. A failed refresh keeps the last data
 * on screen and says so; the next success clears it.
 */
export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** When the shown data arrived (this browser's clock). */
  at: number | null;
  reload: () => void;
}

export function usePolled<T>(load: () => Promise<T>, everyMs: number, deps: unknown[] = []): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; at: number | null }>({ data: null, error: null, at: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      clearTimeout(timer);
      try {
        const data = await loadRef.current();
        if (!stopped) setState({ data, error: null, at: Date.now() });
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error: error instanceof ApiFailure ? error.message : 'Не удалось обновить данные.' }));
      }
      if (!stopped && document.visibilityState === 'visible') timer = setTimeout(() => void run(), everyMs);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void run();
      else clearTimeout(timer);
    };
    document.addEventListener('visibilitychange', onVisible);
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [everyMs, tick, ...deps]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}
