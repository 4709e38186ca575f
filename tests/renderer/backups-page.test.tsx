// @vitest-environment jsdom
// The backups page (issue 6, item 7) against a stubbed API: the confirmation «Я проверил(а) сводку» belongs to one
// prepared copy and does not carry over to the next one, and the settings are a real form (Enter saves) whose
// «Сохранено» survives the reload that follows the save.

import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { backupListSchema, preparedRestoreSchema } from '../../src/shared/api/backup-schemas';
import { BackupsPage } from '../../src/renderer/pages/BackupsPage';

type BackupList = z.infer<typeof backupListSchema>;
type PreparedRestore = z.infer<typeof preparedRestoreSchema>;

function backup(id: number, fileName: string): BackupList['backups'][number] {
  return { id, kind: 'daily', createdAt: '2026-11-0' + id + 'T02:00:00.000Z', fileName, filePath: `/data/backups/${fileName}`, sizeBytes: 5 * 1024 ** 2, sha256: 'ab'.repeat(32), createdByName: null, removedAt: null, isPresent: true };
}

function prepared(restoreId: string, backupId: number, backupFileName: string): PreparedRestore {
  return {
    restoreId,
    backupId,
    backupFileName,
    backupCreatedAt: '2026-11-01T02:00:00.000Z',
    preparedAt: '2026-11-29T05:00:00.000Z',
    summary: { schoolName: 'Школа № 1', academicYears: ['2026/2027'], users: 80, students: 1200, marks: 50_000, lastAuditAt: null, isUpgraded: false, auditIntact: true, auditProblem: null },
    isSwitchPending: false,
  };
}

function list(overrides: Partial<BackupList> = {}): BackupList {
  return {
    backups: [backup(1, 'journal-A.zip'), backup(2, 'journal-B.zip')],
    settings: { folder: null, effectiveFolder: '/data/backups', defaultFolder: '/data/backups', keepDaily: 14, timeOfDay: '02:00' },
    lastFailure: null,
    lastDailyAt: null,
    prepared: null,
    lastRestore: null,
    ...overrides,
  };
}

/** Answers by request: `routes['GET /api/v1/backups']` is a queue (the last answer repeats). */
let routes: Record<string, unknown[]> = {};
const requests: Array<{ route: string; body: unknown }> = [];

beforeEach(() => {
  // jsdom lacks what Mantine asks of the browser.
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener: () => undefined, removeEventListener: () => undefined, addListener: () => undefined, removeListener: () => undefined, dispatchEvent: () => false }) as MediaQueryList;
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  requests.length = 0;
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${url}`;
    requests.push({ route, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
    const queue = routes[route];
    if (!queue) return new Response(JSON.stringify({ status: 404, code: 'not_found', detail: route }), { status: 404, headers: { 'content-type': 'application/json' } });
    const body = queue.length > 1 ? queue.shift() : queue[0];
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage() {
  return render(
    <MantineProvider>
      <BackupsPage />
    </MantineProvider>,
  );
}

describe('BackupsPage', () => {
  it('a newly prepared copy needs its own confirmation: the switch is disabled again', async () => {
    const a = prepared('20261129-050000', 1, 'journal-A.zip');
    const b = prepared('20261129-051000', 2, 'journal-B.zip');
    routes = { 'GET /api/v1/backups': [list({ prepared: a }), list({ prepared: b })], 'POST /api/v1/backups/2/restore': [b] };
    renderPage();
    await screen.findByText(/Восстановление: копия journal-A\.zip/);
    const switchButton = () => screen.getByRole('button', { name: 'Переключиться на эту копию' }) as HTMLButtonElement;
    const confirm = () => screen.getByRole('checkbox', { name: /Я проверил\(а\) сводку/ }) as HTMLInputElement;
    expect(switchButton().disabled).toBe(true);
    fireEvent.click(confirm());
    expect(switchButton().disabled).toBe(false);

    fireEvent.click(screen.getAllByRole('button', { name: 'Восстановить…' })[1]!);
    await screen.findByText(/Восстановление: копия journal-B\.zip/);
    expect(requests.map((r) => r.route)).toContain('POST /api/v1/backups/2/restore');
    expect(confirm().checked).toBe(false);
    expect(switchButton().disabled).toBe(true);
  });

  it('Enter in «Время» saves the settings, and «Сохранено» stays after the settings reload', async () => {
    const saved = { ...list().settings, timeOfDay: '03:30' };
    routes = { 'GET /api/v1/backups': [list(), list({ settings: saved })], 'PUT /api/v1/backups/settings': [saved] };
    renderPage();
    const time = (await screen.findByLabelText(/Время ежедневной копии/)) as HTMLInputElement;
    fireEvent.change(time, { target: { value: '03:30' } });
    // jsdom does not submit a form on Enter by itself; the browser does when the field is in a form with a submit
    // button, which is what is checked here before submitting as the browser would.
    const form = time.closest('form');
    expect(form).not.toBeNull();
    expect(form!.querySelector('button[type="submit"]')?.textContent).toContain('Сохранить настройки');
    fireEvent.keyDown(time, { key: 'Enter', code: 'Enter' });
    fireEvent.submit(form!);
    await waitFor(() => expect(requests.filter((r) => r.route === 'PUT /api/v1/backups/settings')).toHaveLength(1));
    expect(requests.find((r) => r.route === 'PUT /api/v1/backups/settings')!.body).toEqual({ folder: null, keepDaily: 14, timeOfDay: '03:30' });
    // The reload after the save brings the new settings (the form is remounted with them): the note is still there.
    await waitFor(() => expect(requests.filter((r) => r.route === 'GET /api/v1/backups')).toHaveLength(2));
    await waitFor(() => expect(screen.getByText(/ежедневно после 03:30/)).toBeTruthy());
    expect(screen.getByText('Сохранено')).toBeTruthy();
    expect((screen.getByLabelText(/Время ежедневной копии/) as HTMLInputElement).value).toBe('03:30');

    // Editing again makes the note untrue: it goes.
    fireEvent.change(screen.getByLabelText(/Время ежедневной копии/), { target: { value: '04:00' } });
    expect(screen.queryByText('Сохранено')).toBeNull();
  });
});
