// Attaching homework files to a lesson and removing them; removal keeps the row (audited) and the bytes.

import { recordAudit } from '../audit/audit-service';
import { AppError, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { attachmentsOfLessons, findAttachment, findLessonById, insertAttachment, markAttachmentRemoved, touchLesson } from '../db/repositories/journal-repo';
import { checkUpload, type AttachmentStore } from './attachment-files';
import { hasUnlock, periodOfDate } from './journal-context';
import { ensureLesson, type EditRequest } from './journal-edits';
import { recordedLessonView, type LessonView } from './lesson-view';

const MAX_FILES_PER_LESSON = 10;

export async function attachFile(
  db: Db,
  store: AttachmentStore,
  { ctx, actorUserId }: EditRequest,
  body: { date: string; lessonNumber: number; fileName: string; contentBase64: string },
): Promise<LessonView> {
  const period = periodOfDate(ctx, body.date);
  if (period?.is_closed && !hasUnlock(ctx, body.date)) {
    throw new AppError(400, 'validation', `Период «${period.name}» закрыт: нужна разблокировка заместителя директора с указанием причины`);
  }
  const file = checkUpload(body.fileName, body.contentBase64);
  // The bytes go to disk first: a row never points at a file that is not there; an orphan file is harmless.
  store.save(file);
  return db.transaction(async (trx) => {
    const lesson = await ensureLesson(trx, ctx, actorUserId, body.date, body.lessonNumber);
    if ((await attachmentsOfLessons(trx, [lesson.id])).length >= MAX_FILES_PER_LESSON) {
      throw new AppError(400, 'validation', `К уроку уже приложено ${MAX_FILES_PER_LESSON} файлов`);
    }
    const id = await insertAttachment(trx, {
      lesson_id: lesson.id,
      file_name: file.fileName,
      content_type: file.contentType,
      size: file.bytes.length,
      sha256: file.sha256,
      uploaded_by_user_id: actorUserId,
      uploaded_at: ctx.nowIso,
    });
    await touchLesson(trx, lesson.id, ctx.nowIso);
    await recordAudit(trx, { actorUserId, action: 'attachment.add', entity: 'lesson_attachment', entityId: id, newValue: { lessonId: lesson.id, fileName: file.fileName, size: file.bytes.length, sha256: file.sha256 } });
    return recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!);
  });
}

export async function removeAttachment(db: Db, { ctx, actorUserId }: EditRequest, attachmentId: number): Promise<LessonView> {
  return db.transaction(async (trx) => {
    const found = await findAttachment(trx, attachmentId);
    if (!found || found.class_id !== ctx.key.classId || found.subject_id !== ctx.key.subjectId || found.group_key !== ctx.key.groupKey) throw notFound('Файл');
    await markAttachmentRemoved(trx, attachmentId, ctx.nowIso);
    await touchLesson(trx, found.lesson_id, ctx.nowIso);
    await recordAudit(trx, { actorUserId, action: 'attachment.remove', entity: 'lesson_attachment', entityId: attachmentId, oldValue: { fileName: found.file_name, sha256: found.sha256 } });
    return recordedLessonView(trx, ctx, (await findLessonById(trx, found.lesson_id))!);
  });
}

export async function attachmentContent(db: Db, store: AttachmentStore, attachmentId: number): Promise<{ file: Buffer; fileName: string }> {
  const found = await findAttachment(db, attachmentId);
  if (!found) throw notFound('Файл');
  return { file: store.read(found.sha256), fileName: found.file_name };
}
