// The class journal (clauses 3.3-3.5): work programs, lessons as held (topic, homework), mark columns,
// marks, attendance, period marks, unlocks, assessment schedule, control notes, homework attachments
// and parents' activation codes. Never edit this file once landed: add a new migration instead.
//
// Lessons are derived from the timetable (timetable-rules.ts) and only written here once something is
// recorded on them; a row is keyed by what identifies the lesson in the timetable (class, subject, group,
// date, lesson number). `group_key` is the group id or 0 for the whole class, because SQLite (and
// PostgreSQL) treat NULLs as distinct in unique keys.

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_programs', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('level').notNullable();
    t.integer('author_user_id').references('users.id');
    t.integer('version').notNullable().defaultTo(1);
    t.string('updated_at').notNullable();
    t.unique(['academic_year_id', 'subject_id', 'level']);
  });

  await knex.schema.createTable('work_program_topics', (t) => {
    t.increments('id');
    t.integer('program_id').notNullable().references('work_programs.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('title', 300).notNullable();
    t.integer('hours').notNullable().defaultTo(1);
    // A planned assessment (контрольная работа, диктант...) scheduled with this topic, if any.
    t.string('planned_assessment', 100);
    t.unique(['program_id', 'position']);
  });

  await knex.schema.createTable('journal_lessons', (t) => {
    t.increments('id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('group_key').notNullable().defaultTo(0);
    t.string('date', 10).notNullable();
    t.integer('lesson_number').notNullable();
    // Who held the lesson (a substitute when there was one), as the timetable said when first written.
    t.integer('teacher_user_id').references('users.id');
    t.string('topic', 500);
    t.text('homework');
    t.string('topic_entered_at');
    t.string('homework_entered_at');
    t.integer('version').notNullable().defaultTo(1);
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    t.unique(['class_id', 'subject_id', 'group_key', 'date', 'lesson_number']);
    t.index(['teacher_user_id', 'date']);
    t.index(['class_id', 'date']);
  });

  await knex.schema.createTable('mark_columns', (t) => {
    t.increments('id');
    t.integer('lesson_id').notNullable().references('journal_lessons.id');
    t.integer('position').notNullable();
    t.integer('work_type_id').notNullable().references('work_types.id');
    t.integer('weight').notNullable();
    t.string('created_at').notNullable();
    t.unique(['lesson_id', 'position']);
  });
  await knex.raw("create trigger mark_columns_weight before insert on mark_columns when new.weight < 1 or new.weight > 10 begin select raise(abort, 'weight must be 1..10'); end");

  await knex.schema.createTable('marks', (t) => {
    t.increments('id');
    t.integer('column_id').notNullable().references('mark_columns.id');
    t.integer('student_id').notNullable().references('students.id');
    // As shown: '5' or a code ('н/а', 'осв', 'зач', 'незач').
    t.string('value', 10).notNullable();
    // The number for averages; null for codes.
    t.integer('numeric_value');
    t.string('comment', 500);
    t.integer('author_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    // Entered after the 3.4 deadline (oral: the lesson day; written: 7 days); counted by monitoring.
    t.boolean('is_late').notNullable().defaultTo(false);
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['column_id', 'student_id']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('attendance', (t) => {
    t.increments('id');
    t.integer('lesson_id').notNullable().references('journal_lessons.id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('code', 4).notNullable();
    t.integer('entered_by_user_id').notNullable().references('users.id');
    t.string('entered_at').notNullable();
    // The class teacher's reason (Б, УП, НП) replaces Н; who set it and when is kept.
    t.integer('reason_by_user_id').references('users.id');
    t.string('reason_at');
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['lesson_id', 'student_id']);
    t.index(['student_id']);
  });
  await knex.raw("create trigger attendance_code_check before insert on attendance when new.code not in ('Н','Б','УП','НП','ОП') begin select raise(abort, 'unknown attendance code'); end");
  await knex.raw("create trigger attendance_code_check_update before update of code on attendance when new.code not in ('Н','Б','УП','НП','ОП') begin select raise(abort, 'unknown attendance code'); end");

  await knex.schema.createTable('period_marks', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('student_id').notNullable().references('students.id');
    // 'period' (четверть/триместр/полугодие, by period_number), 'year', 'exam', 'final'.
    t.string('kind', 10).notNullable();
    t.integer('period_number').notNullable().defaultTo(0);
    t.string('value', 10).notNullable();
    t.integer('numeric_value');
    t.integer('author_user_id').notNullable().references('users.id');
    t.string('updated_at').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['academic_year_id', 'subject_id', 'student_id', 'kind', 'period_number']);
    t.index(['class_id', 'subject_id']);
  });

  // A deputy's or administrator's permission to change entries of a journal outside the editing
  // window or in a closed period, for a date range and a limited time, always with a reason.
  await knex.schema.createTable('journal_unlocks', (t) => {
    t.increments('id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('group_key').notNullable().defaultTo(0);
    t.string('from_date', 10).notNullable();
    t.string('to_date', 10).notNullable();
    t.string('reason', 500).notNullable();
    t.integer('granted_by_user_id').notNullable().references('users.id');
    t.string('granted_at').notNullable();
    t.string('expires_at').notNullable();
    t.index(['class_id', 'subject_id']);
  });

  // Closing a period locks its period marks and its lessons (DOMAIN.md, Marks: editing window).
  await knex.schema.createTable('period_closures', (t) => {
    t.integer('period_id').primary().references('study_periods.id');
    t.integer('closed_by_user_id').notNullable().references('users.id');
    t.string('closed_at').notNullable();
  });

  // График контрольных работ: planned assessments per class (and group) and date.
  await knex.schema.createTable('assessment_plans', (t) => {
    t.increments('id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('group_key').notNullable().defaultTo(0);
    t.string('date', 10).notNullable();
    t.integer('work_type_id').notNullable().references('work_types.id');
    t.string('title', 200).notNullable();
    t.integer('created_by_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.index(['class_id', 'date']);
  });

  await knex.schema.createTable('control_notes', (t) => {
    t.increments('id');
    t.integer('teacher_user_id').notNullable().references('users.id');
    t.integer('class_id').references('classes.id');
    t.integer('subject_id').references('subjects.id');
    t.text('text').notNullable();
    t.integer('author_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.string('read_at');
    t.index(['teacher_user_id']);
  });

  // Homework files: bytes live in the data folder under their SHA-256; the row says what they are.
  await knex.schema.createTable('lesson_attachments', (t) => {
    t.increments('id');
    t.integer('lesson_id').notNullable().references('journal_lessons.id');
    t.string('file_name', 200).notNullable();
    t.string('content_type', 100).notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by_user_id').notNullable().references('users.id');
    t.string('uploaded_at').notNullable();
    t.string('removed_at');
    t.index(['lesson_id']);
  });

  // Parents' activation codes (3.3): only a hash is kept; the code is printed once.
  await knex.schema.createTable('activation_codes', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('code_hash', 64).notNullable().unique();
    t.integer('created_by_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.string('expires_at').notNullable();
    t.string('used_at');
    t.integer('used_by_user_id').references('users.id');
    t.string('revoked_at');
    t.index(['student_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'activation_codes',
    'lesson_attachments',
    'control_notes',
    'assessment_plans',
    'period_closures',
    'journal_unlocks',
    'period_marks',
    'attendance',
    'marks',
    'mark_columns',
    'journal_lessons',
    'work_program_topics',
    'work_programs',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
