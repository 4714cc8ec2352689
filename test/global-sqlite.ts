import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/server/db/database';

/** Migrates one SQLite file; each test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-sqlite-template-'));
  const file = path.join(dir, 'template.sqlite');
  const database = openDatabase({ sqliteFile: file });
  await migrateToLatest(database.db);
  await database.close();
  project.provide('sqliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
