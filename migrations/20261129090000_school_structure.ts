// School structure (clause 3.2): directories, the school year's calendar, groups, curriculum,
// teacher load and the weekly timetable with its dated changes.
// Never edit this file once landed: add a new migration instead.

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('academic_years', (t) => {
    t.increments('id');
    t.string('name', 9).notNullable().unique(); // '2026/2027'
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    // Each list is replaced whole when saved: its own version detects a concurrent save.
    t.integer('curriculum_version').notNullable().defaultTo(0);
    t.integer('load_version').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('level_settings', (t) => {
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('level').notNullable();
    t.string('period_scheme', 12).notNullable();
    t.integer('days_per_week').notNullable();
    t.integer('shift').notNullable().defaultTo(1);
    t.boolean('is_markless').notNullable().defaultTo(false);
    t.primary(['academic_year_id', 'level']);
  });

  await knex.schema.createTable('study_periods', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.string('scheme', 12).notNullable();
    t.integer('number').notNullable();
    t.string('name', 60).notNullable();
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.unique(['academic_year_id', 'scheme', 'number']);
  });

  await knex.schema.createTable('holidays', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.string('kind', 20).notNullable();
    t.string('name', 100).notNullable();
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.string('levels', 60); // JSON array of levels, null = whole school
  });

  await knex.schema.createTable('transferred_days', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.string('date', 10).notNullable();
    t.string('kind', 10).notNullable();
    t.integer('works_as_weekday');
    t.string('reason', 200).notNullable().defaultTo('');
    t.unique(['academic_year_id', 'date']);
  });

  await knex.schema.createTable('bell_schedule', (t) => {
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('shift').notNullable();
    t.integer('lesson_number').notNullable();
    t.string('starts_at', 5).notNullable();
    t.string('ends_at', 5).notNullable();
    t.primary(['academic_year_id', 'shift', 'lesson_number']);
  });

  await knex.schema.alterTable('subjects', (t) => {
    t.boolean('is_archived').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('work_types', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.string('short_name', 20).notNullable();
    t.integer('default_weight').notNullable();
    // Written work may be marked within 7 days (3.4); oral work on the lesson day.
    t.boolean('is_written').notNullable().defaultTo(false);
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('is_archived').notNullable().defaultTo(false);
  });

  await knex.schema.alterTable('classes', (t) => {
    t.integer('shift').notNullable().defaultTo(1);
  });

  await knex.schema.alterTable('users', (t) => {
    // Contacts of guardians and staff (3.3: "организация коммуникационных каналов с родителями").
    t.string('phone', 20);
    t.string('email', 100);
  });

  // Personal-data consent records on the pupil's card (3.3, 152-ФЗ): who gave which consent when.
  await knex.schema.createTable('student_consents', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('kind', 40).notNullable();
    t.string('given_by', 120).notNullable();
    t.string('given_on', 10).notNullable();
    t.string('document', 200);
    t.string('revoked_on', 10);
    t.integer('recorded_by_user_id').notNullable().references('users.id');
    t.string('recorded_at').notNullable();
    t.index(['student_id']);
  });

  await knex.schema.createTable('class_list_checks', (t) => {
    t.increments('id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('checked_by_user_id').notNullable().references('users.id');
    t.string('checked_at').notNullable();
    t.integer('student_count').notNullable();
    t.string('comment', 500);
  });

  await knex.schema.createTable('study_groups', (t) => {
    t.increments('id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.string('name', 60).notNullable();
    t.integer('teacher_user_id').references('users.id');
    t.unique(['class_id', 'subject_id', 'name']);
  });

  await knex.schema.createTable('group_memberships', (t) => {
    t.increments('id');
    t.integer('group_id').notNullable().references('study_groups.id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('from_date', 10).notNullable();
    t.string('to_date', 10);
    t.index(['group_id']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('curriculum_items', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('level').notNullable();
    t.integer('subject_id').notNullable().references('subjects.id');
    t.float('hours_per_week').notNullable();
    // Form of intermediate assessment (форма промежуточной аттестации), e.g. «Контрольная работа».
    t.string('assessment_form', 100);
    t.unique(['academic_year_id', 'level', 'subject_id']);
  });

  await knex.schema.alterTable('teaching_assignments', (t) => {
    t.integer('group_id').references('study_groups.id');
    t.float('hours_per_week').notNullable().defaultTo(0);
    // One teacher may teach two groups of one subject in one class.
    t.dropUnique(['teacher_user_id', 'class_id', 'subject_id']);
  });

  await knex.schema.createTable('timetable_slots', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('weekday').notNullable();
    t.integer('lesson_number').notNullable();
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('group_id').references('study_groups.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.integer('teacher_user_id').notNullable().references('users.id');
    t.string('room', 20);
    t.string('valid_from', 10);
    t.string('valid_to', 10);
    t.index(['academic_year_id', 'class_id']);
  });

  await knex.schema.createTable('timetable_changes', (t) => {
    t.increments('id');
    t.string('date', 10).notNullable();
    t.string('kind', 12).notNullable();
    t.integer('slot_id').references('timetable_slots.id');
    t.integer('lesson_number');
    t.integer('class_id').references('classes.id');
    t.integer('group_id').references('study_groups.id');
    t.integer('subject_id').references('subjects.id');
    t.integer('teacher_user_id').references('users.id');
    t.string('room', 20);
    t.string('reason', 200).notNullable().defaultTo('');
    t.index(['date']);
  });

  // Optimistic concurrency of the whole timetable of a year: two administrators editing it
  // at once must not silently overwrite each other's work.
  await knex.schema.createTable('timetable_versions', (t) => {
    t.integer('academic_year_id').primary().references('academic_years.id');
    t.integer('version').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'timetable_versions',
    'timetable_changes',
    'timetable_slots',
    'curriculum_items',
    'group_memberships',
    'study_groups',
    'class_list_checks',
    'student_consents',
    'work_types',
    'bell_schedule',
    'transferred_days',
    'holidays',
    'study_periods',
    'level_settings',
    'academic_years',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('teaching_assignments', (t) => {
    t.dropColumn('group_id');
    t.dropColumn('hours_per_week');
  });
  await knex.schema.alterTable('classes', (t) => t.dropColumn('shift'));
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('phone');
    t.dropColumn('email');
  });
  await knex.schema.alterTable('subjects', (t) => t.dropColumn('is_archived'));
}
