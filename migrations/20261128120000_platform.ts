// Platform: school, accounts, sessions, login throttling, the audit log and the minimal
// school structure (classes, students, guardians, teaching) that permissions are checked against.
// Never edit this file once landed: add a new migration instead.

import type { Knex } from 'knex';

const ROLE_CHECK = "role in ('admin','director','deputy','teacher','class_teacher','parent','student')";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('school', (t) => {
    t.integer('id').primary().checkPositive();
    t.string('name', 200).notNullable();
    t.string('created_at').notNullable();
  });
  await knex.raw('create trigger school_single_row before insert on school when new.id <> 1 begin select raise(abort, \'only one school\'); end');

  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
    t.string('updated_at').notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('login', 40).notNullable().unique();
    t.string('last_name', 60).notNullable();
    t.string('first_name', 60).notNullable();
    t.string('middle_name', 60);
    // Null until the administrator issues an initial password (demo pupils, new parents).
    t.string('password_hash', 255);
    t.boolean('must_change_password').notNullable().defaultTo(true);
    t.boolean('is_blocked').notNullable().defaultTo(false);
    t.string('last_login_at');
    t.string('password_changed_at');
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    // Optimistic concurrency: two administrators editing one user must not overwrite each other.
    t.integer('version').notNullable().defaultTo(1);
  });

  await knex.schema.createTable('user_roles', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('role', 20).notNullable();
    t.primary(['user_id', 'role']);
  });
  await knex.raw(`create trigger user_roles_check before insert on user_roles when not (new.${ROLE_CHECK}) begin select raise(abort, 'unknown role'); end`);

  await knex.schema.createTable('sessions', (t) => {
    // SHA-256 of the cookie token: a stolen database does not hand out live sessions.
    t.string('id', 64).primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('created_at').notNullable();
    t.string('last_seen_at').notNullable();
    t.string('ip', 64);
    t.string('user_agent', 300);
    t.index(['user_id']);
  });

  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key', 120).primary(); // 'account:<login>' or 'address:<ip>'
    t.integer('failures').notNullable();
    t.string('window_started_at').notNullable();
    t.string('locked_until');
  });

  await knex.schema.createTable('security_events', (t) => {
    t.increments('id');
    t.string('at').notNullable();
    t.string('kind', 40).notNullable(); // login-failed, login-throttled, access-denied, ...
    t.integer('user_id');
    t.string('login', 40);
    t.string('ip', 64);
    t.string('detail', 500);
    t.index(['at']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.integer('id').primary();
    t.string('at').notNullable();
    t.integer('actor_user_id');
    t.string('action', 60).notNullable();
    t.string('entity', 60).notNullable();
    t.string('entity_id', 60);
    t.text('old_value');
    t.text('new_value');
    t.string('reason', 500);
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['entity', 'entity_id']);
  });
  // Append-only: the database itself refuses to change or delete history.
  await knex.raw("create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit log is append-only'); end");
  await knex.raw("create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit log is append-only'); end");

  await knex.schema.createTable('subjects', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.string('short_name', 20).notNullable();
  });

  await knex.schema.createTable('classes', (t) => {
    t.increments('id');
    t.string('academic_year', 9).notNullable(); // '2026/2027'
    t.integer('level').notNullable();
    t.string('letter', 4).notNullable();
    t.integer('class_teacher_user_id').references('users.id');
    t.unique(['academic_year', 'level', 'letter']);
  });
  await knex.raw("create trigger classes_level_check before insert on classes when new.level < 1 or new.level > 11 begin select raise(abort, 'class level must be 1..11'); end");

  await knex.schema.createTable('students', (t) => {
    t.increments('id');
    t.string('last_name', 60).notNullable();
    t.string('first_name', 60).notNullable();
    t.string('middle_name', 60);
    t.string('birth_date', 10);
    t.integer('user_id').unique().references('users.id');
  });

  // Dated enrolment: a student joins and leaves a class on dates; history is kept.
  await knex.schema.createTable('class_enrolments', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.integer('class_id').notNullable().references('classes.id');
    t.string('from_date', 10).notNullable();
    t.string('to_date', 10);
    t.index(['class_id']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('guardianships', (t) => {
    t.integer('guardian_user_id').notNullable().references('users.id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('relation', 30);
    t.primary(['guardian_user_id', 'student_id']);
    t.index(['student_id']);
  });

  await knex.schema.createTable('teaching_assignments', (t) => {
    t.increments('id');
    t.integer('teacher_user_id').notNullable().references('users.id');
    t.integer('class_id').notNullable().references('classes.id');
    t.integer('subject_id').notNullable().references('subjects.id');
    t.unique(['teacher_user_id', 'class_id', 'subject_id']);
    t.index(['class_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'teaching_assignments',
    'guardianships',
    'class_enrolments',
    'students',
    'classes',
    'subjects',
    'audit_log',
    'security_events',
    'login_throttle',
    'sessions',
    'user_roles',
    'users',
    'settings',
    'school',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
