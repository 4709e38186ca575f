// Year end (clauses 3.2, 3.6, 5): the registry of printed summary statements (kept 25 years on paper), the
// external drives the server PC has seen, the yearly archives written onto them (kept 5 years) with every
// re-verification, and the daily backups of the live database. Never edit this file once landed: add a new
// migration instead.

import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per printing of a summary statement (сводная ведомость итоговых отметок). The paper copy is
  // bound, signed and sealed, and kept 25 years (5.2): the row says where and until when.
  await knex.schema.createTable('printed_statements', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    // null: the statement of the whole school (every class of the year in one document).
    t.integer('class_id').references('classes.id');
    t.string('title', 200).notNullable();
    t.integer('page_count').notNullable();
    // SHA-256 of the PDF as printed: a paper copy can be matched to the file it came from.
    t.string('pdf_sha256', 64).notNullable();
    t.string('printed_at').notNullable();
    t.integer('printed_by_user_id').notNullable().references('users.id');
    t.string('signed_at', 10);
    // The name of who signed it (the director, or whoever acted for them), as written on the paper.
    t.string('signed_by_name', 200);
    t.integer('signature_recorded_by_user_id').references('users.id');
    t.string('paper_location', 300);
    // printed date + 25 years (5.2); nothing is deleted automatically when it passes.
    t.string('retain_until', 10).notNullable();
    t.string('note', 500);
    t.integer('version').notNullable().defaultTo(1);
    t.index(['academic_year_id', 'class_id']);
  });

  // Every external drive the server PC has seen, by a stable identity (volume UUID or serial, or the id
  // file this program writes on the drive), so that an archive is found again years later.
  await knex.schema.createTable('drives', (t) => {
    t.increments('id');
    t.string('identity', 200).notNullable().unique();
    t.string('label', 200);
    t.bigInteger('size_bytes');
    t.string('first_seen_at').notNullable();
    t.string('last_seen_at').notNullable();
    t.string('last_mount_path', 1000);
  });

  // A verified yearly archive (5.1): recorded only after it was written, flushed, read back and renamed
  // into place. `folder` is relative to the drive's root, so the drive may be mounted elsewhere later.
  await knex.schema.createTable('archives', (t) => {
    t.increments('id');
    t.integer('academic_year_id').notNullable().references('academic_years.id');
    t.integer('drive_id').notNullable().references('drives.id');
    t.string('folder', 500).notNullable();
    t.string('created_at').notNullable();
    t.integer('created_by_user_id').notNullable().references('users.id');
    t.integer('file_count').notNullable();
    t.bigInteger('total_bytes').notNullable();
    // SHA-256 of manifest.json: the manifest names every other file with its own hash.
    t.string('manifest_sha256', 64).notNullable();
    t.string('program_version', 40).notNullable();
    // created date + 5 years (5.1); nothing is deleted automatically when it passes.
    t.string('retain_until', 10).notNullable();
    // 'ok' | 'damaged' | 'missing': the result of the last verification.
    t.string('status', 10).notNullable();
    t.string('last_verified_at').notNullable();
    t.unique(['drive_id', 'folder']);
    t.index(['academic_year_id']);
  });

  // Every verification of an archive: after writing, on plug-in, or on request. Problems name the files.
  await knex.schema.createTable('archive_verifications', (t) => {
    t.increments('id');
    t.integer('archive_id').notNullable().references('archives.id');
    t.string('verified_at').notNullable();
    // 'write' | 'plug-in' | 'request'
    t.string('trigger', 10).notNullable();
    t.integer('requested_by_user_id').references('users.id');
    t.string('status', 10).notNullable();
    // JSON array of { file, problem } in Russian; empty when all is well.
    t.text('problems').notNullable();
    t.index(['archive_id', 'id']);
  });

  // Consistent copies of the live database (daily and on request), kept with rotation.
  await knex.schema.createTable('backups', (t) => {
    t.increments('id');
    // 'daily' | 'manual' | 'before-restore'
    t.string('kind', 16).notNullable();
    t.string('created_at').notNullable();
    t.string('file_path', 1000).notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('created_by_user_id').references('users.id');
    // Set when rotation removed the file; the row stays as a record.
    t.string('removed_at');
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('backups');
  await knex.schema.dropTable('archive_verifications');
  await knex.schema.dropTable('archives');
  await knex.schema.dropTable('drives');
  await knex.schema.dropTable('printed_statements');
}
