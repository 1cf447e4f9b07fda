// What the update banner shows in each state, and the methods behind it: 'unavailable' (no
// banner) outside Electron, and "restart to update" refused while a session is open.
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { updatesHandlers } from '../../main/api/handlers/updates.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { createUpdateController, type UpdateController } from '../../main/updates/controller.ts';
import type { UpdateStatusView } from '../../main/updates/status.ts';
import enGB from '../../resources/locales/en-GB.json' with { type: 'json' };
import { freshStore, manualClock } from '../support/temp-store.ts';
import type * as BannerModule from '../../renderer/src/components/UpdateBanner.tsx';

// The banner's module picks its transport when loaded: give it a bridge, as the preload would.
let UpdateBannerView: typeof BannerModule.UpdateBannerView;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window ??= { outreach: {} };
  ({ UpdateBannerView } = await import('../../renderer/src/components/UpdateBanner.tsx'));
  await i18next.use(initReactI18next).init({ lng: 'en-GB', resources: { 'en-GB': { translation: enGB } }, interpolation: { escapeValue: false } });
});

function banner(status: UpdateStatusView | null, extra: Partial<Parameters<typeof UpdateBannerView>[0]> = {}): string {
  const noop = () => {};
  const html = renderToStaticMarkup(
    createElement(UpdateBannerView, {
      status,
      confirming: false,
      restarting: false,
      problem: null,
      onAskRestart: noop,
      onConfirmRestart: noop,
      onCancelRestart: noop,
      ...extra,
    }),
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

const v = { currentVersion: '1.1.0', sessionOpen: false };

describe('the update banner', () => {
  it('shows nothing where there is no updater, when all is current, or in a build with no update URL', () => {
    expect(banner(null)).toBe('');
    expect(banner({ state: 'unavailable', sessionOpen: false })).toBe('');
    expect(banner({ state: 'idle', lastCheckedAt: null, ...v })).toBe('');
    expect(banner({ state: 'disabled', reason: 'not-configured', sessionOpen: false })).toBe('');
  });

  it('says when it is checking and downloading', () => {
    expect(banner({ state: 'checking', ...v })).toBe('Checking for a new version of Outreach Tally…');
    expect(banner({ state: 'downloading', version: '1.2.0', percent: 42, ...v })).toBe(
      'Downloading version 1.2.0 in the background (42%). You can carry on working.',
    );
  });

  it('offers "Restart to update" when ready, and asks first', () => {
    const ready = banner({ state: 'ready', version: '1.2.0', ...v });
    expect(ready).toContain('Version 1.2.0 of Outreach Tally is ready to install.');
    expect(ready).toContain('Restart to update');
    expect(ready).toContain('Restart Outreach Tally now?');
    expect(ready).toContain('Everything you have recorded is already saved.');
    expect(banner({ state: 'ready', version: '1.2.0', ...v }, { restarting: true })).toContain('Restarting…');
  });

  it('waits, without a restart button, while a session is open', () => {
    const text = banner({ state: 'ready', version: '1.2.0', currentVersion: '1.1.0', sessionOpen: true });
    expect(text).toContain('It will be offered once the session is closed');
    expect(text).not.toContain('Restart to update');
  });

  it('says when the organisation turned updates off, or its settings could not be read', () => {
    expect(banner({ state: 'disabled', reason: 'policy', sessionOpen: false })).toBe('Automatic updates are turned off by your organisation.');
    expect(banner({ state: 'disabled', reason: 'policy-invalid', sessionOpen: false })).toContain('could not be read');
  });

  it('explains a failure in words', () => {
    expect(banner({ state: 'error', code: 'verification-failed', nextCheckAt: null, ...v })).toBe(
      'Could not get the latest version (the download failed its safety check and was not installed). Outreach Tally will try again later.',
    );
    for (const code of ['offline', 'feed-unreachable', 'feed-invalid', 'download-failed', 'unknown'] as const) {
      expect(banner({ state: 'error', code, nextCheckAt: null, ...v })).not.toContain('updates.');
    }
  });

  it('shows a refused restart', () => {
    expect(banner({ state: 'ready', version: '1.2.0', ...v }, { problem: 'Close the session first' })).toContain('Close the session first');
  });
});

describe('the updates methods', () => {
  function readyController(installs: { count: number }): Promise<UpdateController> {
    const controller = createUpdateController({
      port: {
        check: async () => ({ version: '1.2.0' }),
        download: async () => {},
        install: () => {
          installs.count += 1;
        },
      },
      policy: { enabled: true, url: null, checkEveryHours: 4, sources: [] },
      currentVersion: '1.1.0',
      clock: manualClock(),
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      isOnline: () => true,
    });
    return controller.checkNow().then(() => controller);
  }

  it("are 'unavailable' outside Electron (the harness), and restart is refused", async () => {
    const { store } = await freshStore();
    const dispatch = createServiceDispatcher({ store, clock: manualClock() });
    expect(await dispatch('updates.status', {})).toEqual({ ok: true, value: { state: 'unavailable', sessionOpen: false } });
    expect(await dispatch('updates.restart', {})).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'updates.errors.notReady' } });
    store.close();
  });

  it('never interrupt a session in progress: restart waits until it is closed', async () => {
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const { store } = await freshStore();
    const installs = { count: 0 };
    const controller = await readyController(installs);
    const handlers = updatesHandlers({ store, clock, updates: () => controller });

    const site = createSite(store, clock, { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
    const session = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    clock.advance(60 * 60_000);
    expect(await handlers['updates.status']({})).toMatchObject({ state: 'ready', version: '1.2.0', sessionOpen: true });
    expect(() => handlers['updates.restart']({})).toThrow(expect.objectContaining({ messageKey: 'updates.errors.sessionOpen' }));
    expect(installs.count).toBe(0);

    closeSession(store, clock, session.id);
    expect(await handlers['updates.status']({})).toMatchObject({ state: 'ready', sessionOpen: false });
    expect(handlers['updates.restart']({})).toEqual({ restarting: true });
    expect(installs.count).toBe(1);
    store.close();
  });

  it('do not let a session left open for days block updates forever', async () => {
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const { store } = await freshStore();
    const controller = await readyController({ count: 0 });
    const handlers = updatesHandlers({ store, clock, updates: () => controller });
    const site = createSite(store, clock, { name: 'Lewisham Library', authorityCode: 'E09000023', settingType: 'library' });
    openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    clock.advance(13 * 60 * 60_000);
    expect(await handlers['updates.status']({})).toMatchObject({ state: 'ready', sessionOpen: false });
    store.close();
  });
});
