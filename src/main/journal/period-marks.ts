// Period, year, exam and final marks (issue 4, item 4). The teacher sets the final value; the journal page
// suggests it from the school's rounding table (shared/domain/marks.ts), and the difference stays visible.
// A closed period locks its marks; the year, exam and final marks are locked with the last period.

import type { z } from 'zod';
import type { PERIOD_MARK_KINDS, periodMarkSchema } from '../../shared/api/journal-schemas';
import { parseMarkInput } from '../../shared/domain/marks';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict } from '../common/app-error';
import type { Db } from '../db/connection';
import { deletePeriodMark, findPeriodMark, insertPeriodMark, updatePeriodMark, type PeriodRow } from '../db/repositories/journal-repo';
import type { JournalContext } from './journal-context';
import { EXAM_LEVELS, studentsOfPage } from './journal-page';

type PeriodMark = z.infer<typeof periodMarkSchema>;

export interface PeriodMarkInput {
  studentId: number;
  kind: (typeof PERIOD_MARK_KINDS)[number];
  periodNumber: number;
  value: string | null;
  version: number;
}

function refuse(message: string, field = 'value'): AppError {
  return new AppError(400, 'validation', message, [{ field, label: 'Итоговая отметка', message }]);
}

/** The period whose closing locks this mark: its own period, or the last one for year, exam and final marks. */
function lockingPeriod(ctx: JournalContext, input: PeriodMarkInput): PeriodRow {
  if (input.kind === 'period') {
    const period = ctx.periods.find((p) => p.number === input.periodNumber);
    if (!period) throw refuse(`Учебного периода №${input.periodNumber} нет в календаре ${ctx.cls.level}-х классов`, 'periodNumber');
    return period;
  }
  if (input.periodNumber !== 0) throw refuse('Для годовой, экзаменационной и итоговой отметки номер периода — 0', 'periodNumber');
  if (input.kind !== 'year' && !EXAM_LEVELS.includes(ctx.cls.level)) throw refuse('Экзаменационные и итоговые отметки ставятся только в 9-х и 11-х классах', 'kind');
  const last = ctx.periods[ctx.periods.length - 1];
  if (!last) throw new AppError(409, 'conflict', 'В календаре нет учебных периодов');
  return last;
}

export async function savePeriodMark(db: Db, ctx: JournalContext, actorUserId: number, input: PeriodMarkInput): Promise<PeriodMark | null> {
  const period = lockingPeriod(ctx, input);
  // An unlock of a few old lessons does not reopen the period's final marks: the unlock must cover its last day.
  const unlocked = ctx.unlocks.some((u) => u.from_date <= period.end_date && period.end_date <= u.to_date);
  if (period.is_closed && !unlocked) throw refuse(`Период «${period.name}» закрыт: нужна разблокировка заместителя директора с указанием причины`);

  // On this page (the class, and the group of a group page) during the period; for the year, exam and final
  // marks during the last period: a pupil who left, or another group's pupil, is not this page's to mark.
  const onPage = await studentsOfPage(db, ctx, period.start_date, period.end_date);
  if (!onPage.some((e) => e.id === input.studentId)) {
    throw refuse(`Обучающийся №${input.studentId} не числится ${ctx.group ? `в группе «${ctx.group.name}»` : `в ${ctx.className}`} в периоде «${period.name}»`, 'studentId');
  }

  let value: string | null = null;
  let numeric: number | null = null;
  if (input.value !== null && input.value !== '') {
    const parsed = parseMarkInput(input.value, ctx.settings);
    if (!parsed.ok) throw refuse(parsed.message);
    if (parsed.value.kind === 'numeric' && ctx.isMarkless) throw refuse('В безотметочном классе отметки не ставятся');
    value = parsed.value.kind === 'numeric' ? String(parsed.value.value) : parsed.value.code;
    numeric = parsed.value.kind === 'numeric' ? parsed.value.value : null;
  }

  return db.transaction(async (trx) => {
    const existing = await findPeriodMark(trx, ctx.year.id, ctx.key.subjectId, input.studentId, input.kind, input.periodNumber);
    if ((existing?.version ?? 0) !== input.version) {
      throw conflict(`Итоговую отметку уже изменил другой пользователь (сейчас ${existing ? `«${existing.value}»` : 'пусто'}). Страница обновлена; проверьте значение.`);
    }
    const entity = { studentId: input.studentId, subjectId: ctx.key.subjectId, kind: input.kind, periodNumber: input.periodNumber };
    if (value === null) {
      if (!existing) return null;
      await deletePeriodMark(trx, existing.id);
      await recordAudit(trx, { actorUserId, action: 'period-mark.delete', entity: 'period_mark', entityId: existing.id, oldValue: { ...entity, value: existing.value } });
      return null;
    }
    if (existing?.value === value) return toView(existing);
    if (existing) {
      await updatePeriodMark(trx, existing.id, { value, numeric_value: numeric, author_user_id: actorUserId, updated_at: ctx.nowIso, class_id: ctx.key.classId });
    } else {
      await insertPeriodMark(trx, {
        academic_year_id: ctx.year.id,
        class_id: ctx.key.classId,
        subject_id: ctx.key.subjectId,
        student_id: input.studentId,
        kind: input.kind,
        period_number: input.periodNumber,
        value,
        numeric_value: numeric,
        author_user_id: actorUserId,
        updated_at: ctx.nowIso,
      });
    }
    const saved = (await findPeriodMark(trx, ctx.year.id, ctx.key.subjectId, input.studentId, input.kind, input.periodNumber))!;
    await recordAudit(trx, {
      actorUserId,
      action: existing ? 'period-mark.update' : 'period-mark.create',
      entity: 'period_mark',
      entityId: saved.id,
      oldValue: existing ? { value: existing.value } : null,
      newValue: { ...entity, value },
    });
    return toView(saved);
  });
}

function toView(row: { student_id: number; kind: string; period_number: number; value: string; version: number }): PeriodMark {
  return { studentId: row.student_id, kind: row.kind as PeriodMark['kind'], periodNumber: row.period_number, value: row.value, version: row.version };
}
