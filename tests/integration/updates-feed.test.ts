// electron-updater itself (its feed parsing, version comparison, download and sha512 check),
// driven through the app's port and controller against a feed served on 127.0.0.1, as an
// organisation's static HTTPS folder would serve it. Electron is not loaded: the updater is
// given a stand-in app and Node's HTTP instead of Electron's net.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpdateController } from '../../main/updates/controller.ts';
import { electronUpdaterPort } from '../../main/updates/electron-updater-port.ts';
import type { EffectiveUpdatePolicy } from '../../main/updates/policy.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

/** builder-util-runtime's executor over Node's http, where the app uses Electron's net. */
class NodeHttpExecutor extends HttpExecutor<http.ClientRequest> {
  createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    return http.request(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions: http.RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null }, 0);
    });
  }
}

interface Feed {
  version: string;
  installer: Buffer;
  /** What is actually served, when it differs from what latest.yml describes (tampering). */
  served?: Buffer;
  requests: string[];
  missing?: boolean;
}

function latestYml(feed: Feed): string {
  const sha512 = crypto.createHash('sha512').update(feed.installer).digest('base64');
  const file = `outreach-tally_${feed.version}_amd64.deb`;
  return [
    `version: ${feed.version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${feed.installer.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-20T09:00:00.000Z'",
    '',
  ].join('\n');
}

function serve(feed: Feed): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    feed.requests.push(url.pathname);
    if (!feed.missing && /^\/outreach-tally\/latest(-linux|-mac)?\.yml$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml(feed));
    } else if (url.pathname === `/outreach-tally/outreach-tally_${feed.version}_amd64.deb`) {
      const body = feed.served ?? feed.installer;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function updaterFor(dir: string, currentVersion: string, feedUrl: string): DebUpdater {
  fs.writeFileSync(path.join(dir, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: outreach-tally-updater\n`);
  const app = {
    version: currentVersion,
    name: 'Outreach Tally',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: dir,
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const updater = new DebUpdater(null, app);
  (updater as unknown as { httpExecutor: HttpExecutor<http.ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  return updater;
}

const on: EffectiveUpdatePolicy = { enabled: true, url: null, checkEveryHours: 4, sources: [] };

describe('updates from a generic feed (electron-updater, offline here on 127.0.0.1)', () => {
  let server: http.Server;
  let feed: Feed;
  let dir: string;
  let feedUrl: string;

  beforeEach(async () => {
    dir = tempDir('outreach-tally-updates-');
    feed = { version: '1.2.0', installer: crypto.randomBytes(64 * 1024), requests: [] };
    server = await serve(feed);
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outreach-tally/`;
  });
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  function controllerFor(currentVersion: string, policy: EffectiveUpdatePolicy = on) {
    const installs: string[] = [];
    const updater = updaterFor(dir, currentVersion, feedUrl);
    const port = electronUpdaterPort(updater);
    const controller = createUpdateController({
      // Installing would run dpkg: the test records the request instead.
      port: { ...port, install: () => installs.push('install') },
      policy,
      currentVersion,
      clock: manualClock(),
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      isOnline: () => true,
    });
    return { controller, installs, updater };
  }

  it('finds a newer version, downloads and verifies it in the background, then is ready', async () => {
    const { controller, updater } = controllerFor('1.1.0');
    expect(updater.autoDownload).toBe(false); // the controller decides, and never installs unasked
    const status = await controller.checkNow();
    expect(status).toEqual({ state: 'ready', currentVersion: '1.1.0', version: '1.2.0' });
    const pending = path.join(dir, 'outreach-tally-updater', 'pending', 'outreach-tally_1.2.0_amd64.deb');
    expect(fs.readFileSync(pending).equals(feed.installer)).toBe(true);
    expect(feed.requests).toHaveLength(2);
    expect(feed.requests[0]).toMatch(/^\/outreach-tally\/latest(-linux|-mac)?\.yml$/); // the platform's channel file
    expect(feed.requests[1]).toBe('/outreach-tally/outreach-tally_1.2.0_amd64.deb');
  });

  it('stays idle when the feed offers this version or an older one', async () => {
    expect(await controllerFor('1.2.0').controller.checkNow()).toMatchObject({ state: 'idle', currentVersion: '1.2.0' });
    expect(await controllerFor('1.10.0').controller.checkNow()).toMatchObject({ state: 'idle' }); // semver, not string, order
    expect(feed.requests.filter((r) => r.endsWith('.deb'))).toEqual([]);
  });

  it('refuses a download that does not match the sha512 in latest.yml', async () => {
    feed.served = Buffer.concat([feed.installer.subarray(0, 1000), Buffer.from('tampered'), feed.installer.subarray(1008)]);
    const { controller, installs } = controllerFor('1.1.0');
    expect(await controller.checkNow()).toMatchObject({ state: 'error', code: 'verification-failed' });
    expect(() => controller.restart()).toThrow();
    expect(installs).toEqual([]);
  });

  it('says the feed is wrong when the folder has no latest.yml', async () => {
    feed.missing = true;
    expect(await controllerFor('1.1.0').controller.checkNow()).toMatchObject({ state: 'error', code: 'feed-invalid' });
  });

  it('says the server did not answer when nothing listens at the URL', async () => {
    const { controller } = controllerFor('1.1.0');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await controller.checkNow()).toMatchObject({ state: 'error', code: 'feed-unreachable' });
  }, 30_000);

  it('makes no request at all when policy turned updates off', async () => {
    const { controller } = controllerFor('1.1.0', { enabled: false, reason: 'policy', sources: ['/etc/outreach-tally/policy.json'], problems: [] });
    controller.start();
    expect(await controller.checkNow()).toEqual({ state: 'disabled', reason: 'policy' });
    expect(feed.requests).toEqual([]);
  });
});
