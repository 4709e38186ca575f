// The diary (clause 3.7 and the goals of section 2): parents' acknowledgements, planned-absence notices,
// notifications, conversations and messages, news and events. Never edit this file once landed: add a new
// migration instead.

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // «Ознакомлен» (3.7): every press is kept; the class teacher sees the last one per parent and pupil.
  await knex.schema.createTable('diary_acknowledgements', (t) => {
    t.increments('id');
    t.integer('guardian_user_id').notNullable().references('users.id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('acknowledged_at').notNullable();
    t.index(['student_id', 'guardian_user_id']);
  });

  // A parent's notice that the child will miss days or lessons (3.7); the class teacher confirms it into reasons.
  await knex.schema.createTable('absence_notices', (t) => {
    t.increments('id');
    t.integer('student_id').notNullable().references('students.id');
    t.string('from_date', 10).notNullable();
    t.string('to_date', 10).notNullable();
    // JSON array of lesson numbers, null = the whole days.
    t.string('lesson_numbers', 60);
    // 'illness' | 'family' | 'medical' | 'competition' | 'other': a category, never a diagnosis (152-ФЗ).
    t.string('reason_category', 20).notNullable();
    t.string('comment', 500);
    t.integer('created_by_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    // 'pending' | 'confirmed' | 'rejected' | 'cancelled'
    t.string('status', 12).notNullable().defaultTo('pending');
    t.integer('decided_by_user_id').references('users.id');
    t.string('decided_at');
    t.string('decision_comment', 500);
    t.integer('version').notNullable().defaultTo(1);
    t.index(['student_id', 'from_date']);
  });

  // One feed per user (new marks, homework, messages, news, absences), with unread state.
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id');
    t.string('kind', 30).notNullable();
    t.string('title', 200).notNullable();
    t.string('body', 1000);
    // A path inside the app ('/diary/12'), never an external address.
    t.string('link', 200);
    t.integer('student_id').references('students.id');
    // Identifies the event so that it is notified once (e.g. 'absence:<lessonId>:<studentId>').
    t.string('dedup_key', 100);
    t.string('created_at').notNullable();
    t.string('read_at');
    t.index(['user_id', 'id']);
    t.unique(['user_id', 'dedup_key']);
  });

  await knex.schema.createTable('conversations', (t) => {
    t.increments('id');
    // 'direct' (two people) or 'class' (a class teacher to the parents of a class: replies are private).
    t.string('kind', 10).notNullable();
    t.string('subject', 200).notNullable();
    t.integer('class_id').references('classes.id');
    // The pupil the conversation is about, when there is one (a parent writing about their child).
    t.integer('student_id').references('students.id');
    t.integer('created_by_user_id').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.string('last_message_at').notNullable();
  });

  await knex.schema.createTable('conversation_members', (t) => {
    t.integer('conversation_id').notNullable().references('conversations.id');
    t.integer('user_id').notNullable().references('users.id');
    t.integer('last_read_message_id').notNullable().defaultTo(0);
    t.primary(['conversation_id', 'user_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.increments('id');
    t.integer('conversation_id').notNullable().references('conversations.id');
    t.integer('author_user_id').notNullable().references('users.id');
    // In a class conversation a reply goes to the class teacher only: null = to everyone in it.
    t.integer('private_to_user_id').references('users.id');
    t.text('body').notNullable();
    t.string('created_at').notNullable();
    t.index(['conversation_id', 'id']);
  });

  await knex.schema.createTable('message_attachments', (t) => {
    t.increments('id');
    t.integer('message_id').notNullable().references('messages.id');
    t.string('file_name', 200).notNullable();
    t.string('content_type', 100).notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.index(['message_id']);
  });

  await knex.schema.createTable('news', (t) => {
    t.increments('id');
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    // 'school' | 'level' | 'class'
    t.string('scope', 10).notNullable();
    t.integer('level');
    t.integer('class_id').references('classes.id');
    // An event (собрание, концерт) has a date; plain news has none.
    t.string('event_date', 10);
    t.integer('published_by_user_id').notNullable().references('users.id');
    t.string('published_at').notNullable();
    t.string('removed_at');
    t.index(['published_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['news', 'message_attachments', 'messages', 'conversation_members', 'conversations', 'notifications', 'absence_notices', 'diary_acknowledgements']) {
    await knex.schema.dropTableIfExists(table);
  }
}
