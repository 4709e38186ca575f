// Turns the API contract into Fastify routes. Deny by default: a route must name a known
// permission, resource permissions must say how to find their resource, and every
// contract endpoint must have exactly one handler, or the server refuses to start.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, type Endpoint, type EventStreamResponse, type FileResponse, type SpecialResponse } from '../../shared/api/endpoint';
import type { EndpointName } from '../../shared/api/contract';
import { api } from '../../shared/api/contract';
import { describeFieldErrors, toFieldErrors } from '../../shared/api/validation';
import { decide, isResourcePermission, PERMISSIONS, SEES_EVERYTHING, type Actor, type Resource } from '../../shared/domain/permissions';
import { STAFF_ROLES } from '../../shared/domain/roles';
import { AppError } from '../common/app-error';
import type { Db } from '../db/connection';
import { insertSecurityEvent } from '../db/repositories/sessions-repo';
import type { EventStreamReply, FileReply, Route, RouteContext } from '../common/route-types';
import { authenticate, loadActor } from './authentication';

type Infer<T> = [NonNullable<T>] extends [z.ZodType] ? z.infer<NonNullable<T>> : undefined;

export type RouteTable = { [K in EndpointName]: Route<(typeof api)[K]> };

export interface RegistryOptions {
  db: Db;
  /** Open event streams; the server ends them on shutdown (they never become idle by themselves). */
  openStreams: Set<() => void>;
}

/** A comment line every so often keeps proxies and the browser from timing an idle stream out. */
const STREAM_HEARTBEAT_MS = 15_000;

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const errors = toFieldErrors(schema, result.error);
    throw new AppError(400, 'validation', `Ошибка в данных запроса. ${describeFieldErrors(errors)}`, errors);
  }
  return result.data as Infer<T>;
}

export function assertRouteIsDeclared(name: string, endpoint: Endpoint, hasResolver: boolean): void {
  if (!endpoint.permission || !(endpoint.permission in PERMISSIONS)) {
    throw new Error(`Маршрут ${name} (${endpoint.method} ${endpoint.path}) не объявляет известное право доступа`);
  }
  if (isResourcePermission(endpoint.permission) && !hasResolver) {
    throw new Error(`Маршрут ${name} требует право «${endpoint.permission}» на объект, но не указывает, как найти объект`);
  }
}

export function registerRoutes(app: FastifyInstance, routes: RouteTable, options: RegistryOptions): void {
  const names = Object.keys(api) as EndpointName[];
  const extra = Object.keys(routes).filter((n) => !(n in api));
  if (extra.length > 0) throw new Error(`Маршруты без описания в контракте API: ${extra.join(', ')}`);
  for (const name of names) {
    const route = routes[name] as Route<Endpoint> | undefined;
    if (!route) throw new Error(`Для ${name} нет обработчика`);
    // The permission comes from the contract itself, never from a handler's copy of it.
    if (route.endpoint !== api[name]) throw new Error(`Обработчик ${name} объявлен не с описанием из контракта API`);
    assertRouteIsDeclared(name, route.endpoint, Boolean(route.resource));
    mountRoute(app, route, options);
  }
}

function mountRoute(app: FastifyInstance, route: Route<Endpoint>, options: RegistryOptions): void {
  const { endpoint } = route;
  const { db } = options;
  app.route({
    method: endpoint.method,
    url: API_PREFIX + endpoint.path,
    ...(endpoint.bodyLimitBytes ? { bodyLimit: endpoint.bodyLimitBytes } : {}),
    handler: async (request, reply) => {
      const auth = endpoint.permission === 'public' ? null : await authenticate(db, request);
      if (auth && auth.user.must_change_password && !endpoint.allowedBeforePasswordChange) {
        throw new AppError(403, 'password-change-required', 'Сначала смените первичный пароль на свой.');
      }
      const user = auth?.user ?? null;
      const needsScope = isResourcePermission(endpoint.permission) || endpoint.permission === 'session';
      const actor = user ? await loadActor(db, user, needsScope) : null;

      const deny = async (reason: string): Promise<never> => {
        await insertSecurityEvent(db, {
          at: new Date().toISOString(),
          kind: 'access-denied',
          userId: user?.id ?? null,
          login: user?.login ?? null,
          ip: request.ip,
          detail: `${endpoint.method} ${request.url}: ${reason}`,
        });
        throw new AppError(403, 'forbidden', reason);
      };

      // Role-level permissions are checked before the input is even parsed: an outsider
      // learns nothing about the shape of a route they may not use.
      if (!isResourcePermission(endpoint.permission)) {
        const decision = decide(actor, endpoint.permission);
        if (!decision.allowed) await deny(decision.reason);
      }

      // Path parameters first: they name the resource, which is checked before the query and
      // body are parsed (a caller without access learns nothing about the route's input).
      const ctx: RouteContext<Endpoint> = {
        params: parsePart(endpoint.params, request.params),
        query: undefined,
        body: undefined,
        user,
        sessionId: auth?.sessionId ?? null,
        actor,
        request,
        reply,
      };

      if (isResourcePermission(endpoint.permission)) {
        const resource = await findResource(route, ctx, actor);
        const decision = decide(actor, endpoint.permission, resource);
        if (!decision.allowed) await deny(decision.reason);
        if (actor && request.method === 'GET' && isStaffReadOfSomeoneElse(actor, resource)) {
          // Staff reads of another person's data are attributable (ARCHITECTURE.md, Security).
          await insertSecurityEvent(db, {
            at: new Date().toISOString(),
            kind: 'personal-data-read',
            userId: actor.userId,
            login: user?.login ?? null,
            ip: request.ip,
            detail: `${endpoint.method} ${request.url}`,
          });
        }
      }

      ctx.query = parsePart(endpoint.query, request.query);
      ctx.body = parsePart(endpoint.body, request.body);
      const result = await route.handle(ctx);
      if (isEventStream(endpoint.response)) {
        openEventStream(request.raw, reply.raw, result as unknown as EventStreamReply, options.openStreams);
        return reply.hijack();
      }
      if (isFileResponse(endpoint.response)) {
        const file = result as FileReply;
        return reply
          .type(endpoint.response.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .header('cache-control', 'no-store')
          .send(file.file);
      }
      // Always checked, and only the checked copy is sent: a field the contract does not name
      // (a password hash added to a row by mistake) never leaves the server.
      const checked = endpoint.response.safeParse(result);
      if (!checked.success) throw new Error(`Ответ ${endpoint.method} ${endpoint.path} не соответствует контракту: ${checked.error.message}`);
      return reply.header('cache-control', 'no-store').send(checked.data);
    },
  });
}

function isFileResponse(response: z.ZodType | SpecialResponse): response is FileResponse {
  return (response as FileResponse).kind === 'file';
}

function isEventStream(response: z.ZodType | SpecialResponse): response is EventStreamResponse {
  return (response as EventStreamResponse).kind === 'event-stream';
}

/**
 * Server-Sent Events: the permission check above ran once for the stream; each event is a JSON line. The stream
 * ends when the client goes away or the server shuts down (openStreams), and always unsubscribes.
 */
function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  stream: EventStreamReply,
  openStreams: Set<() => void>,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  response.write('retry: 2000\n\n');
  const unsubscribe = stream.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => response.write(': ping\n\n'), STREAM_HEARTBEAT_MS);
  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
    openStreams.delete(end);
    if (!response.writableEnded) response.end();
  };
  openStreams.add(end);
  request.on('close', end);
}

/**
 * Looks up the resource; when it does not exist, someone who could not see it anyway gets the
 * same 403 as for another family's record, so ids cannot be probed for existence.
 */
async function findResource(route: Route<Endpoint>, ctx: RouteContext<Endpoint>, actor: Actor | null): Promise<Resource> {
  try {
    return await route.resource!(ctx);
  } catch (error) {
    if (error instanceof AppError && error.status === 404 && !(actor && actor.roles.some((r) => SEES_EVERYTHING.includes(r)))) {
      throw new AppError(403, 'forbidden', 'Нет доступа к этим данным');
    }
    throw error;
  }
}

/**
 * Reads to record: staff reading a pupil's record, a class's pages, or a journal they do not keep themselves. A
 * teacher opening their own journal page is their daily work, and writes are in the audit log anyway; logging
 * those would cost a disk write per request and bury the reads that matter.
 */
function isStaffReadOfSomeoneElse(actor: Actor, resource: Resource): boolean {
  if (!actor.roles.some((r) => STAFF_ROLES.includes(r))) return false;
  if (resource.kind === 'journal') return !decide(actor, 'journal.edit', resource).allowed;
  if (resource.kind === 'student') return resource.studentId !== actor.ownStudentId && !actor.childStudentIds.includes(resource.studentId);
  return true;
}
