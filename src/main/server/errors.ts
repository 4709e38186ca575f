// Maps every failure to application/problem+json with a Russian message. Nothing reaches
// the client as a bare 500 stack trace; unexpected errors are logged with the request id.

import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Problem, ProblemCode } from '../../shared/api/problem';
import { AppError } from '../common/app-error';

const TITLES: Record<number, string> = {
  400: 'Неверный запрос',
  401: 'Требуется вход',
  403: 'Доступ запрещён',
  404: 'Не найдено',
  409: 'Конфликт изменений',
  413: 'Слишком большой запрос',
  415: 'Неподдерживаемый формат',
  429: 'Слишком много попыток',
  500: 'Внутренняя ошибка сервера',
};

export function sendProblem(reply: FastifyReply, status: number, code: ProblemCode, detail: string, errors?: Problem['errors']) {
  const problem: Problem = {
    type: `about:blank#${code}`,
    title: TITLES[status] ?? 'Ошибка',
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(problem);
}

const FASTIFY_ERRORS: Record<string, { status: number; code: ProblemCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'validation', detail: 'Тело запроса не является корректным JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'validation', detail: 'Пустое тело запроса: ожидался JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload-too-large', detail: 'Запрос слишком большой.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'validation', detail: 'Неподдерживаемый тип содержимого: ожидался application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'validation', detail: 'Неверная длина тела запроса.' },
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) return sendProblem(reply, error.status, error.code, error.message, error.fieldErrors);
    const code = (error as FastifyError).code;
    const known = code ? FASTIFY_ERRORS[code] : undefined;
    if (known) return sendProblem(reply, known.status, known.code, known.detail);
    if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
      return sendProblem(reply, 400, 'validation', 'Тело запроса не является корректным JSON.');
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendProblem(reply, status, 'validation', 'Неверный запрос.');
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, 500, 'internal', `Внутренняя ошибка сервера. Сообщите администратору номер запроса ${request.id}.`);
  });
}
