// The shape of one API endpoint: method, path, zod schemas and the permission it needs.
// The server registers routes from these records; the renderer's client is typed by them.

import type { z } from 'zod';
import type { Permission } from '../domain/permissions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Responses that are files rather than JSON (PDF sheets, exports). */
export interface FileResponse {
  kind: 'file';
  contentType: string;
}

/** A stream of Server-Sent Events (live updates of a page); read with EventSource, not `call`. */
export interface EventStreamResponse {
  kind: 'event-stream';
}

export type SpecialResponse = FileResponse | EventStreamResponse;

export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType | SpecialResponse = z.ZodType | SpecialResponse,
> {
  method: HttpMethod;
  /** Path under /api/v1, with `:name` parameters. */
  path: string;
  summary: string;
  permission: Permission;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Usable while the user still has to replace an initial password. */
  allowedBeforePasswordChange?: boolean;
  /** Larger request bodies than the default 1 MB (file uploads). */
  bodyLimitBytes?: number;
}

export function endpoint<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType | SpecialResponse,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type InferInput<T> = T extends z.ZodType ? z.input<T> : undefined;

export type ParamsOf<E> = E extends Endpoint<infer P, z.ZodType, z.ZodType, z.ZodType | SpecialResponse> ? Infer<P> : never;
export type QueryOf<E> = E extends Endpoint<z.ZodType, infer Q, z.ZodType, z.ZodType | SpecialResponse> ? InferInput<Q> : never;
export type BodyOf<E> = E extends Endpoint<z.ZodType, z.ZodType, infer B, z.ZodType | SpecialResponse> ? InferInput<B> : never;
export type ResponseOf<E> = E extends Endpoint<z.ZodType, z.ZodType, z.ZodType, infer R>
  ? R extends z.ZodType
    ? z.infer<R>
    : R extends EventStreamResponse
      ? never
      : Blob
  : never;

export const API_PREFIX = '/api/v1';
