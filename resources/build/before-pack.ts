// electron-builder `beforePack` hook: refuses to build a Windows installer that would take
// updates nobody verifies. electron-updater checks a Windows update's Authenticode signature
// against the publisher name baked into the installer; with a real update URL and no publisher
// name (or the check turned off) anyone who can answer at that URL could ship code to every laptop.
// electron-builder's BeforePackContext is the same type as its AfterPackContext (PackContext).
import type { AfterPackContext as BeforePackContext } from 'electron-builder';

type PublishEntry = string | { provider?: unknown; url?: unknown; [option: string]: unknown } | null | undefined;

interface WindowsReleaseOptions {
  publish?: PublishEntry | PublishEntry[];
  verifyUpdateCodeSignature?: boolean;
  signtoolOptions?: { publisherName?: string | string[] | null } | null;
  azureSignOptions?: { publisherName?: string | null } | null;
}

interface ReleaseOptions {
  publish?: PublishEntry | PublishEntry[];
}

/** Whether one publish entry points at a real place (not off, not the reserved `.invalid` placeholder). */
function isRealUpdateSource(entry: PublishEntry): boolean {
  if (entry === null || entry === undefined || entry === 'never') return false;
  if (typeof entry === 'string') return true; // a provider name: github, s3, ...
  if (entry.provider !== 'generic') return true;
  if (typeof entry.url !== 'string') return false;
  try {
    return !new URL(entry.url).hostname.endsWith('.invalid');
  } catch {
    return false;
  }
}

function publisherNames(win: WindowsReleaseOptions): string[] {
  const names = [win.signtoolOptions?.publisherName, win.azureSignOptions?.publisherName].flat();
  return names.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

/** Why a Windows build with these options would install unverified updates; empty when it is safe. */
export function unverifiedUpdateProblems(config: ReleaseOptions, win: WindowsReleaseOptions): string[] {
  const publish = win.publish !== undefined ? win.publish : config.publish;
  const sources = (Array.isArray(publish) ? publish : [publish]).filter(isRealUpdateSource);
  if (sources.length === 0) return [];
  const problems: string[] = [];
  if (publisherNames(win).length === 0) {
    problems.push('win.signtoolOptions.publisherName (or win.azureSignOptions.publisherName) is not set: electron-updater could not check who signed an update.');
  }
  if (win.verifyUpdateCodeSignature === false) problems.push('win.verifyUpdateCodeSignature is false: updates would be installed unchecked.');
  return problems;
}

type HookContext = Pick<BeforePackContext, 'electronPlatformName'> & {
  packager: { config: ReleaseOptions; platformSpecificBuildOptions: WindowsReleaseOptions };
};

export default async function beforePack(context: BeforePackContext | HookContext): Promise<void> {
  if (context.electronPlatformName !== 'win32') return;
  const { config, platformSpecificBuildOptions } = (context as HookContext).packager;
  const problems = unverifiedUpdateProblems(config, platformSpecificBuildOptions);
  if (problems.length > 0) {
    throw new Error(
      `Refusing to build a Windows installer that takes updates from a real URL without verifying them:\n  ${problems.join('\n  ')}\n` +
        'Set the publisher name of the code-signing certificate in electron-builder.yml (README, "Hosting updates"), or leave the update URL on updates.invalid.',
    );
  }
}
