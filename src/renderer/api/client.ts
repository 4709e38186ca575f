// The one typed client of the journal API. Components never call fetch: they call stores,
// stores call `call(api.x, ...)`, and the contract types every request and response.

import { API_PREFIX, type BodyOf, type Endpoint, type ParamsOf, type QueryOf, type ResponseOf } from '../../shared/api/endpoint';
import type { Problem } from '../../shared/api/problem';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

// Endpoints without path parameters infer `unknown` for them: then `params` is not asked for.
type Args<E> = (unknown extends ParamsOf<E> ? { params?: undefined } : { params: ParamsOf<E> }) & {
  query?: QueryOf<E>;
  body?: BodyOf<E>;
};

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Listeners told when the server says the session is gone (so the app shows the login page). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export async function call<E extends Endpoint>(endpoint: E, args: Args<E> = {} as Args<E>): Promise<ResponseOf<E>> {
  const url = API_PREFIX + fillPath(endpoint.path, args.params as Record<string, unknown> | undefined) + queryString(args.query as Record<string, unknown> | undefined);
  const hasBody = endpoint.method !== 'GET';
  let response: Response;
  try {
    response = await fetch(url, {
      method: endpoint.method,
      credentials: 'same-origin',
      headers: hasBody ? { 'content-type': 'application/json' } : {},
      body: hasBody ? JSON.stringify(args.body ?? {}) : null,
    });
  } catch {
    throw new ApiError({
      type: 'about:blank#network',
      title: 'Нет связи с сервером',
      status: 0,
      code: 'internal',
      detail: 'Нет связи с сервером журнала. Проверьте сеть; введённые данные не сохранены.',
    });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as Problem | null;
    const error = new ApiError(
      problem ?? { type: 'about:blank', title: 'Ошибка', status: response.status, code: 'internal', detail: `Сервер ответил ошибкой ${response.status}` },
    );
    if (response.status === 401 && endpoint.permission !== 'public') unauthenticatedListeners.forEach((l) => l());
    throw error;
  }
  if ('kind' in endpoint.response) return (await response.blob()) as ResponseOf<E>;
  return (await response.json()) as ResponseOf<E>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Неизвестная ошибка';
}
