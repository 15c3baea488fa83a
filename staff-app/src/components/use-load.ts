import { useEffect, useState } from 'preact/hooks';

/** Data loaded once (and again on `reload()` or when `deps` change), with its error in Russian. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    load().then(
      (data) => !stopped && setState({ data, error: null }),
      (error: Error) => !stopped && setState((s) => ({ data: s.data, error: error.message })),
    );
    return () => void (stopped = true);
  }, [tick, ...deps]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
