// The fuses electron-builder's afterPack hook flips in every installer, checked without running
// electron-builder: the configuration object, where the hook finds the binary, and the hook
// itself run against a stand-in binary that carries Electron's fuse wire.
import fs from 'node:fs';
import path from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import afterPack, { electronBinaryPath, fuseConfig, fuseProblems, requiredFuses } from '../../resources/build/after-pack.ts';
import { tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Bytes laid out as in an Electron binary: padding, the sentinel, version 1, the wire length, the wire. */
function fakeElectron(file: string, wire = '101100011'): void {
  const padding = Buffer.alloc(4096, 0x90);
  fs.writeFileSync(file, Buffer.concat([padding, Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire, 'latin1'), padding]));
}

const packContext = (appOutDir: string, electronPlatformName: string) => ({
  appOutDir,
  electronPlatformName,
  packager: { appInfo: { productFilename: 'Outreach Tally' }, executableName: 'outreach-tally' },
});

describe('Electron fuses', () => {
  it('sets each fuse the checklist asks for to the required value', () => {
    expect(requiredFuses).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    const config = fuseConfig('linux') as unknown as Record<number | string, unknown>;
    expect(config.version).toBe(FuseVersion.V1);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    // Fuses the app has no view on keep Electron's default.
    expect(config[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBeUndefined();
  });

  it('re-signs ad hoc only for macOS binaries', () => {
    expect(fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('mas').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('win32').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('linux').resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the binary where electron-builder puts it on each platform', () => {
    expect(electronBinaryPath(packContext('/out/linux-unpacked', 'linux'))).toBe(path.join('/out/linux-unpacked', 'outreach-tally'));
    expect(electronBinaryPath(packContext('/out/win-unpacked', 'win32'))).toBe(path.join('/out/win-unpacked', 'Outreach Tally.exe'));
    expect(electronBinaryPath(packContext('/out/mac', 'darwin'))).toBe(path.join('/out/mac', 'Outreach Tally.app'));
  });

  it('flips the fuses in the packaged binary and reads them back', async () => {
    const dir = tempDir();
    const binary = path.join(dir, 'outreach-tally');
    fakeElectron(binary); // Electron's defaults: run-as-node on, NODE_OPTIONS on, --inspect on, …
    await afterPack(packContext(dir, 'linux'));
    const wire = await getCurrentFuseWire(binary);
    for (const [name, value] of Object.entries(requiredFuses)) {
      expect([name, wire[FuseV1Options[name as keyof typeof FuseV1Options]]]).toEqual([name, value ? FuseState.ENABLE : FuseState.DISABLE]);
    }
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE); // untouched
  });

  it('fails the build when the binary cannot carry a required fuse, and names any fuse not as required', async () => {
    const dir = tempDir();
    fakeElectron(path.join(dir, 'outreach-tally'), '1011'); // an Electron too old for half these fuses
    await expect(afterPack(packContext(dir, 'linux'))).rejects.toThrow(/not long enough/);
    const unflipped = path.join(dir, 'unflipped');
    fakeElectron(unflipped);
    expect(await fuseProblems(unflipped)).toEqual([
      'RunAsNode: expected DISABLE, found ENABLE',
      'EnableCookieEncryption: expected ENABLE, found DISABLE',
      'EnableNodeOptionsEnvironmentVariable: expected DISABLE, found ENABLE',
      'EnableNodeCliInspectArguments: expected DISABLE, found ENABLE',
      'EnableEmbeddedAsarIntegrityValidation: expected ENABLE, found DISABLE',
      'OnlyLoadAppFromAsar: expected ENABLE, found DISABLE',
      'GrantFileProtocolExtraPrivileges: expected DISABLE, found ENABLE',
    ]);
  });

  it('is the afterPack hook electron-builder.yml runs, which also packs what the brief requires', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/resources\/build\/after-pack\.ts$/m);
    expect(fs.existsSync(path.join(root, 'resources/build/after-pack.ts'))).toBe(true);
    expect(yml).toContain("- '**/node_modules/better-sqlite3/**'");
    expect(yml).toContain("- '**/node_modules/better-sqlite3-multiple-ciphers/**'");
    expect(yml).toMatch(/^publish:\n {2}provider: generic\n {2}url: https:\/\//m);
    expect(yml).toMatch(/^ {2}perMachine: false$/m);
    expect(yml).toMatch(/^ {2}target: \[AppImage, deb\]$/m);
    for (const icon of yml.matchAll(/^ {2}icon: (\S+)$/gm)) expect(fs.existsSync(path.join(root, icon[1]!))).toBe(true);
    expect(yml).not.toMatch(/^\s+- .*server\//m); // the collector is never packed
  });
});
