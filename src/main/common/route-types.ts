// The types a feature uses to declare its HTTP routes. They live here (not in server/) so
// features do not import the server assembly: main/db <- main/<feature> <- main/server.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Endpoint, EventStreamResponse } from '../../shared/api/endpoint';
import type { Actor, Resource } from '../../shared/domain/permissions';
import type { Db } from '../db/connection';
import type { UserRecord } from '../db/repositories/users-repo';

// Non-distributive: an optional schema field still yields the parsed type, not `| undefined`.
type Infer<T> = [NonNullable<T>] extends [z.ZodType] ? z.infer<NonNullable<T>> : undefined;

export interface RouteContext<E extends Endpoint> {
  params: Infer<E['params']>;
  query: Infer<E['query']>;
  body: Infer<E['body']>;
  /** The signed-in user; null only on public routes. */
  user: UserRecord | null;
  sessionId: string | null;
  actor: Actor | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface FileReply {
  file: Buffer;
  fileName: string;
}

/** Handlers may return readonly data (the domain types are readonly); it is only serialised. */
type DeepReadonly<T> = T extends (infer U)[] ? ReadonlyArray<DeepReadonly<U>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** An open event stream: the registry writes each published event to the client until it goes away. */
export interface EventStreamReply {
  /** Starts delivering events to `send`; returns the unsubscribe function. */
  subscribe(send: (event: unknown) => void): () => void;
}

export type RouteResult<E extends Endpoint> = E['response'] extends z.ZodType
  ? DeepReadonly<z.infer<E['response']>>
  : E['response'] extends EventStreamResponse
    ? EventStreamReply
    : FileReply;

export interface Route<E extends Endpoint> {
  endpoint: E;
  /** Finds the resource that a resource permission is checked against (404 if it does not exist). */
  resource?: (ctx: RouteContext<E>) => Promise<Resource>;
  handle(ctx: RouteContext<E>): Promise<RouteResult<E>>;
}

export function route<E extends Endpoint>(r: Route<E>): Route<E> {
  return r;
}

/** What routes may ask of the running server (network settings need the listener). */
export interface ServerControl {
  db: Db;
  version: string;
  startedAt: Date;
  port(): number;
  listeningOn(): string;
  setLanEnabled(isEnabled: boolean): Promise<void>;
  /** Started with --host: the LAN switch is not applied. */
  isHostOverridden(): boolean;
  /** The address printed on credential sheets: how users reach this server. */
  publicAddress(): string;
}

/** Signed-in user; the registry guarantees it on every non-public route. */
export function signedIn<E extends Endpoint>(ctx: RouteContext<E>): { user: UserRecord; actor: Actor; sessionId: string } {
  if (!ctx.user || !ctx.actor || !ctx.sessionId) throw new Error('route used without a session');
  return { user: ctx.user, actor: ctx.actor, sessionId: ctx.sessionId };
}
