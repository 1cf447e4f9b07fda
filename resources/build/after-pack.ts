// electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary before it is
// signed, then reads them back and fails the build if any is not as required. Fuses are
// switches compiled into the Electron binary; flipping them off removes whole ways in (running
// the app as plain Node, attaching an inspector, loading code from outside the signed asar)
// that no setting at run time can.
// https://www.electronjs.org/docs/latest/tutorial/fuses
import path from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';

type FuseName = keyof typeof FuseV1Options;

/** Every fuse the app sets, and the value it must have in every installer. */
export const requiredFuses = {
  // `ELECTRON_RUN_AS_NODE=1 "Outreach Tally"` would otherwise be a Node with the app's signature.
  RunAsNode: false,
  // Chromium's cookie store encrypted with an OS-protected key (the app sets no cookies; cheap insurance).
  EnableCookieEncryption: true,
  // NODE_OPTIONS could preload any script into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends would let anyone attach a debugger to the main process.
  EnableNodeCliInspectArguments: false,
  // Refuse an app.asar that does not match the hash recorded at build time (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Load the app only from app.asar, never from a loose app/ folder dropped beside it.
  OnlyLoadAppFromAsar: true,
  // Pages come from app://, never file://, so file:// needs no privileges beyond a browser's.
  GrantFileProtocolExtraPrivileges: false,
} as const satisfies Partial<Record<FuseName, boolean>>;

/** The @electron/fuses configuration for one platform's binary. */
export function fuseConfig(electronPlatformName: string): FuseV1Config {
  const fuses: Partial<Record<FuseV1Options, boolean>> = {};
  for (const [name, value] of Object.entries(requiredFuses)) fuses[FuseV1Options[name as FuseName]] = value;
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of an arm64 macOS binary; re-sign it so the
    // build still runs before the real signing step (which comes after this hook).
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' || electronPlatformName === 'mas',
    ...fuses,
  };
}

type PackContext = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName'> & {
  packager: { appInfo: { productFilename: string }; executableName?: string };
};

/** Where electron-builder put the Electron binary (the same rule it uses for its own fuses). */
export function electronBinaryPath(context: PackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  const ext = electronPlatformName === 'win32' ? '.exe' : '.app';
  return path.join(appOutDir, `${packager.appInfo.productFilename}${ext}`);
}

/** Fuses in the binary that differ from what is required, as readable lines. */
export async function fuseProblems(binary: string): Promise<string[]> {
  const wire = await getCurrentFuseWire(binary);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(requiredFuses)) {
    const actual = wire[FuseV1Options[name as FuseName]];
    const expected = value ? FuseState.ENABLE : FuseState.DISABLE;
    if (actual !== expected) problems.push(`${name}: expected ${FuseState[expected]}, found ${actual === undefined ? 'absent' : FuseState[actual]}`);
  }
  return problems;
}

export default async function afterPack(context: AfterPackContext | PackContext): Promise<void> {
  const binary = electronBinaryPath(context as PackContext);
  await flipFuses(binary, fuseConfig(context.electronPlatformName));
  const problems = await fuseProblems(binary);
  if (problems.length > 0) {
    throw new Error(`Electron fuses not as required in ${binary}:\n  ${problems.join('\n  ')}`);
  }
}
