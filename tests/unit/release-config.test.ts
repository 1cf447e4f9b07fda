// `npm run dist` for Windows must not produce an installer that takes updates nobody verifies:
// the beforePack hook, run on the real electron-builder.yml and on variants of it, without
// running electron-builder.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import beforePack, { unverifiedUpdateProblems } from '../../resources/build/before-pack.ts';

const root = path.resolve(import.meta.dirname, '../..');
// electron-builder's own YAML reader (js-yaml, which ships no types).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
type Publish = Parameters<typeof unverifiedUpdateProblems>[0]['publish'];
type Config = Record<string, unknown> & { win?: Record<string, unknown>; publish?: Publish };
const shipped = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;

/** The context electron-builder gives the hook, as far as the hook reads it. */
function context(config: Config, platform = 'win32') {
  return { electronPlatformName: platform, packager: { config, platformSpecificBuildOptions: config.win ?? {} } };
}

const withRealUrl = (config: Config): Config => ({ ...config, publish: { provider: 'generic', url: 'https://updates.example-trust.nhs.uk/outreach-tally/', channel: 'latest' } });

describe('a Windows release build', () => {
  it('runs the check before packing', () => {
    expect(shipped.beforePack).toBe('./resources/build/before-pack.ts');
  });

  it('builds as shipped: the update URL is the .invalid placeholder, so nothing is fetched', async () => {
    expect(unverifiedUpdateProblems(shipped, shipped.win ?? {})).toEqual([]);
    await expect(beforePack(context(shipped))).resolves.toBeUndefined();
  });

  it('fails with a real update URL and no publisher name', async () => {
    const config = withRealUrl(shipped);
    await expect(beforePack(context(config))).rejects.toThrow(/publisherName/);
    // The same URL set on win.publish only.
    await expect(beforePack(context({ ...shipped, win: { ...shipped.win, publish: [{ provider: 'generic', url: 'https://u.example.org/' }] } }))).rejects.toThrow(/publisherName/);
    // Another provider is a real source too.
    await expect(beforePack(context({ ...shipped, publish: 'github' }))).rejects.toThrow(/publisherName/);
  });

  it('fails when the signature check is turned off, even with a publisher name', async () => {
    const config = withRealUrl({ ...shipped, win: { ...shipped.win, signtoolOptions: { publisherName: 'Example NHS Trust' }, verifyUpdateCodeSignature: false } });
    await expect(beforePack(context(config))).rejects.toThrow(/verifyUpdateCodeSignature/);
  });

  it('builds with a real update URL and the publisher name of the signing certificate', async () => {
    await expect(beforePack(context(withRealUrl({ ...shipped, win: { ...shipped.win, signtoolOptions: { publisherName: 'Example NHS Trust' } } })))).resolves.toBeUndefined();
    await expect(beforePack(context(withRealUrl({ ...shipped, win: { ...shipped.win, azureSignOptions: { publisherName: ['Example NHS Trust'][0] } } })))).resolves.toBeUndefined();
  });

  it('leaves Linux and macOS builds alone (their updates are checked by sha512 and, on macOS, by the OS)', async () => {
    await expect(beforePack(context(withRealUrl(shipped), 'linux'))).resolves.toBeUndefined();
    await expect(beforePack(context(withRealUrl(shipped), 'darwin'))).resolves.toBeUndefined();
  });
});
