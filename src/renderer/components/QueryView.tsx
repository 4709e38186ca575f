import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Query } from '../stores/use-query';

/** Shows a loader, an error in Russian, or the loaded content. */
export function QueryView<T>({ query, children }: { query: Query<T>; children: (data: T) => ReactNode }) {
  if (query.error) return <Alert color="red">{query.error}</Alert>;
  if (query.data === null) return <Loader size="sm" aria-label="Загрузка" />;
  return <>{children(query.data)}</>;
}
