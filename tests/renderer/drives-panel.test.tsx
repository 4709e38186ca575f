// @vitest-environment jsdom
// The drives panel (issue 6, item 3) against a stubbed API: what it shows of each drive, the server-PC warning,
// choosing a drive, and reloading when the drives event stream reports a change.

import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DriveList } from '../../src/shared/api/drives-schemas';
import { DrivesPanel } from '../../src/renderer/archive/DrivesPanel';
import { formatBytes, useDrivesStore } from '../../src/renderer/archive/use-drives';

const GB = 1024 ** 3;

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onopen: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  close() {
    this.closed = true;
  }
}

let responses: DriveList[] = [];
const requests: string[] = [];

function list(overrides: Partial<DriveList> = {}): DriveList {
  return {
    serverPc: true,
    detection: { mode: 'system', usbEvents: true, pollIntervalMs: 5000 },
    drives: [
      { identity: 'uuid:a', label: 'АРХИВ', mountPath: '/media/admin/ARCHIVE', sizeBytes: 7.5 * GB, freeBytes: 1.5 * GB, readOnly: false, source: 'system', driveId: 1, knownSince: '2026-06-01T10:00:00.000Z' },
      { identity: 'uuid:b', label: 'Старый', mountPath: '/media/admin/OLD', sizeBytes: 512 * 1024 ** 2, freeBytes: 0, readOnly: true, source: 'system', driveId: 2, knownSince: '2025-06-01T10:00:00.000Z' },
    ],
    ...overrides,
  };
}

beforeEach(() => {
  // jsdom lacks what Mantine asks of the browser.
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener: () => undefined, removeEventListener: () => undefined, addListener: () => undefined, removeListener: () => undefined, dispatchEvent: () => false }) as MediaQueryList;
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  requests.length = 0;
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    const body = responses.length > 1 ? responses.shift()! : responses[0]!;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  useDrivesStore.setState({ list: null, error: null, isLoading: false, isRescanning: false });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPanel(props: Parameters<typeof DrivesPanel>[0] = {}) {
  return render(
    <MantineProvider>
      <DrivesPanel {...props} />
    </MantineProvider>,
  );
}

describe('DrivesPanel', () => {
  it('shows each drive with label, free space of size in Russian units and a read-only badge', async () => {
    responses = [list()];
    renderPanel();
    expect(await screen.findByText('АРХИВ')).toBeTruthy();
    expect(screen.getByText('Свободно 1,5 ГБ из 7,5 ГБ')).toBeTruthy();
    expect(screen.getByText('Свободно 0 Б из 512 МБ')).toBeTruthy();
    expect(screen.getAllByText('только чтение')).toHaveLength(1);
    expect(screen.queryByTestId('drives-not-server-pc')).toBeNull();
    expect(requests).toEqual(['GET /api/v1/drives']);
  });

  it('lets a writable drive be chosen, but not a read-only one', async () => {
    responses = [list()];
    const onSelect = vi.fn();
    renderPanel({ onSelect, selectedIdentity: null });
    await screen.findByText('АРХИВ');
    const [writable, readOnly] = screen.getAllByRole('radio');
    fireEvent.click(readOnly!);
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.click(writable!);
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ identity: 'uuid:a' }));
  });

  it('says the feature needs the server PC when opened elsewhere, and offers no choice', async () => {
    responses = [list({ serverPc: false })];
    renderPanel({ onSelect: () => undefined });
    expect((await screen.findByTestId('drives-not-server-pc')).textContent).toContain('компьютеру-серверу');
    expect(screen.queryAllByRole('radio')).toEqual([]);
  });

  it('reloads the list when the event stream reports a change, and closes the stream when unmounted', async () => {
    responses = [list({ drives: [] }), list()];
    const view = renderPanel();
    await screen.findByTestId('drives-empty');
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0]!.url).toBe('/api/v1/drives/events');
    act(() => FakeEventSource.instances[0]!.onmessage?.(new MessageEvent('message', { data: '{"kind":"drives-changed","revision":1}' })));
    await waitFor(() => expect(screen.getByText('АРХИВ')).toBeTruthy(), { timeout: 2000 });
    view.unmount();
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
  });

  it('«Обновить» asks the server to scan again', async () => {
    responses = [list()];
    renderPanel();
    await screen.findByText('АРХИВ');
    fireEvent.click(screen.getByRole('button', { name: 'Обновить' }));
    await waitFor(() => expect(requests).toContain('POST /api/v1/drives/rescan'));
  });
});

describe('formatBytes', () => {
  it('uses Russian units and a decimal comma', () => {
    expect(formatBytes(0)).toBe('0 Б');
    expect(formatBytes(1536)).toBe('1,5 КБ');
    expect(formatBytes(12 * 1024 ** 2)).toBe('12 МБ');
    expect(formatBytes(931.5 * GB)).toBe('932 ГБ');
    expect(formatBytes(1.5 * 1024 ** 4)).toBe('1,5 ТБ');
    expect(formatBytes(-1)).toBe('—');
  });
});
