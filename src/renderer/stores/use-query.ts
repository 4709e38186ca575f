// Loads data for a screen through the API client, with loading and error state.
// `deps` are plain values (ids, filters); the query reloads when they change.

import { useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client';

export interface Query<T> {
  data: T | null;
  error: string | null;
  isLoading: boolean;
  reload(): void;
}

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const [generation, setGeneration] = useState(0);
  const key = `${JSON.stringify(deps)}#${generation}`;
  const [result, setResult] = useState<{ key: string; data: T | null; error: string | null } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let isCurrent = true;
    loadRef.current().then(
      (data) => isCurrent && setResult({ key, data, error: null }),
      (error: unknown) => isCurrent && setResult({ key, data: null, error: errorText(error) }),
    );
    return () => {
      isCurrent = false;
    };
  }, [key]);
  // Until the current key has loaded, keep showing the previous data (no flicker on reload).
  return {
    data: result?.data ?? null,
    error: result?.key === key ? result.error : null,
    isLoading: result?.key !== key,
    reload: () => setGeneration((g) => g + 1),
  };
}
