// Migrations are listed explicitly (not read from a folder) so they work bundled, under
// vitest and inside Electron's asar alike. Add each new migration here, in order.

import type { Knex } from 'knex';
import * as platform from '../../../migrations/20261128120000_platform';
import * as schoolStructure from '../../../migrations/20261129090000_school_structure';
import * as classJournal from '../../../migrations/20261129200000_class_journal';
import * as diary from '../../../migrations/20261130090000_diary';
import * as yearEnd from '../../../migrations/20261201090000_year_end';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['20261128120000_platform', platform],
  ['20261129090000_school_structure', schoolStructure],
  ['20261129200000_class_journal', classJournal],
  ['20261130090000_diary', diary],
  ['20261201090000_year_end', yearEnd],
];

export class StaticMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly upTo: number = MIGRATIONS.length) {}

  getMigrations(): Promise<string[]> {
    return Promise.resolve(MIGRATIONS.slice(0, this.upTo).map(([name]) => name));
  }

  getMigrationName(name: string): string {
    return name;
  }

  getMigration(name: string): Promise<Migration> {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) return Promise.reject(new Error(`Неизвестная миграция ${name}`));
    return Promise.resolve(found[1]);
  }
}
