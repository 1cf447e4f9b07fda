// `node tests/electronegativity.ts`: Doyensec's Electronegativity (Electron's security
// checklist, as static checks) over the code that runs in the app: main/, preload/ and the
// renderer's sources and page. Every finding must be listed, with a reason, in
// security/electronegativity-accepted.json; anything else fails the run.
//
// The tool reaches for the network (translations, Electron's release list) and can crash when
// offline, so its exit code is ignored and the SARIF report it wrote is judged instead; a small
// --require shim stops the one known crash, and a run that still wrote no report is retried,
// then fails.
//
// It cannot resolve the CSP the shell sets from a constant, so this script also evaluates that
// constant with the same CSP evaluator and checks the page's own meta CSP says the same.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../main/api/content-security-policy.ts';

const root = path.resolve(import.meta.dirname, '..');
const ELECTRON_VERSION = '45.4.1';
const ACCEPTED_FILE = path.join(root, 'security/electronegativity-accepted.json');
/** What the app runs, as paths relative to the repository (the collector in server/ is not the app). */
const SCANNED = ['main', 'preload', 'renderer/src', 'renderer/index.html'];
const ATTEMPTS = 3;
/** Keeps a known crash in the tool's offline network retry from killing the scan (see the file). */
const OFFLINE_SHIM = path.join(root, 'security/electronegativity-offline.cjs');

const requireFromTool = createRequire(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
const cli = requireFromTool.resolve('@doyensec/electronegativity/dist/index.js');

export interface Finding {
  check: string;
  file: string;
  line: number;
  level: string;
  message: string;
}

interface AcceptedFinding {
  check: string;
  file: string;
  reason: string;
}

interface Sarif {
  runs?: { results?: { ruleId?: string; level?: string; message?: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] }[] }[];
}

function stage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-tally-electronegativity-'));
  const input = path.join(dir, 'app');
  for (const entry of SCANNED) {
    fs.cpSync(path.join(root, entry), path.join(input, entry), { recursive: true });
  }
  return dir;
}

function normaliseFile(uri: string | undefined): string {
  if (!uri || uri === 'N/A' || /^file:\/*$/.test(uri)) return 'N/A';
  return uri.replace(/^file:\/\//, '').replace(/\\/g, '/').replace(/^\.?\//, '');
}

function runScan(dir: string): Finding[] {
  const input = path.join(dir, 'app');
  const report = path.join(dir, 'report.sarif');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    fs.rmSync(report, { force: true });
    const run = spawnSync(process.execPath, ['--require', OFFLINE_SHIM, cli, '-i', input, '-e', ELECTRON_VERSION, '-r', '-o', report], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let sarif: Sarif;
    try {
      sarif = JSON.parse(fs.readFileSync(report, 'utf8')) as Sarif;
    } catch {
      console.log(`electronegativity wrote no report (attempt ${attempt} of ${ATTEMPTS}, exit ${run.status ?? run.signal}).`);
      if (attempt === ATTEMPTS) console.log(`${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n'));
      continue;
    }
    return (sarif.runs ?? []).flatMap((r) =>
      (r.results ?? []).map((result) => {
        const location = result.locations?.[0]?.physicalLocation;
        return {
          check: result.ruleId ?? 'UNKNOWN',
          file: normaliseFile(location?.artifactLocation?.uri),
          line: location?.region?.startLine ?? 0,
          level: result.level ?? 'none',
          message: result.message?.text ?? '',
        };
      }),
    );
  }
  throw new Error('electronegativity did not produce a SARIF report');
}

function loadAccepted(): AcceptedFinding[] {
  const json = JSON.parse(fs.readFileSync(ACCEPTED_FILE, 'utf8')) as { accepted?: unknown };
  if (!Array.isArray(json.accepted)) throw new Error(`${ACCEPTED_FILE}: expected { "accepted": [ ... ] }`);
  return json.accepted.map((entry, index) => {
    const e = entry as Partial<AcceptedFinding>;
    if (typeof e.check !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string' || e.reason.trim().length < 20) {
      throw new Error(`${ACCEPTED_FILE}: entry ${index} needs "check", "file" and a "reason" that explains it`);
    }
    return { check: e.check, file: e.file, reason: e.reason };
  });
}

/** The CSP's directives as a map, for comparing two policies written differently. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!.toLowerCase(), parts.slice(1).join(' ')]),
  );
}

/** Problems with the shell's CSP constant, which electronegativity cannot read. */
function cspProblems(): string[] {
  const problems: string[] = [];
  const evaluator = requireFromTool('@doyensec/csp-evaluator') as {
    CspParser: new (policy: string) => { csp: unknown };
    CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
    Version: { CSP3: unknown };
  };
  const findings = new evaluator.CspEvaluator(new evaluator.CspParser(CONTENT_SECURITY_POLICY).csp, evaluator.Version.CSP3).evaluate();
  for (const finding of findings) {
    // The one accepted note, the same as for renderer/index.html (see the accepted list).
    if (finding.directive === 'script-src' && finding.value === "'self'") continue;
    problems.push(`CSP ${finding.directive}: ${finding.description}`);
  }
  const scriptSources = directives(CONTENT_SECURITY_POLICY).get('script-src') ?? directives(CONTENT_SECURITY_POLICY).get('default-src') ?? '';
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:', 'data:', 'blob:']) {
    if (scriptSources.split(' ').includes(bad)) problems.push(`CSP script-src allows ${bad}`);
  }
  if (/\b(https?|wss?):\/\//.test(CONTENT_SECURITY_POLICY)) problems.push('CSP names a remote origin');
  // The page's meta CSP must say what the shell's header says (meta cannot carry frame-ancestors).
  const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
  if (!meta) problems.push('renderer/index.html has no Content-Security-Policy meta tag');
  else {
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    const page = directives(meta);
    for (const [name, value] of header) if (page.get(name) !== value) problems.push(`renderer/index.html CSP ${name} is "${page.get(name) ?? '(missing)'}", the shell's is "${value}"`);
    for (const name of page.keys()) if (!header.has(name)) problems.push(`renderer/index.html CSP has ${name}, which the shell's CSP does not`);
  }
  return problems;
}

function main(): number {
  const accepted = loadAccepted();
  const dir = stage();
  let findings: Finding[];
  try {
    findings = runScan(dir);
  } catch (error) {
    console.error(String(error));
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const isAccepted = (f: Finding) => accepted.some((a) => a.check === f.check && a.file === f.file);
  const unaccepted = findings.filter((f) => !isAccepted(f));
  console.log(`electronegativity ${ELECTRON_VERSION}: ${findings.length} finding(s) in ${SCANNED.join(', ')}`);
  for (const f of findings) {
    const reason = accepted.find((a) => a.check === f.check && a.file === f.file)?.reason;
    console.log(`  ${isAccepted(f) ? 'accepted  ' : 'UNACCEPTED'} ${f.check} ${f.file}:${f.line} (${f.level}) ${f.message}`);
    if (reason) console.log(`             reason: ${reason}`);
  }
  const stale = accepted.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file));
  for (const a of stale) console.log(`  note: accepted ${a.check} in ${a.file} no longer occurs; remove it from ${path.relative(root, ACCEPTED_FILE)}`);
  const csp = cspProblems();
  for (const problem of csp) console.log(`  CSP PROBLEM ${problem}`);
  if (unaccepted.length > 0) {
    console.log(`${unaccepted.length} finding(s) not accepted: fix them, or add each to ${path.relative(root, ACCEPTED_FILE)} with the reason it is safe.`);
  }
  return unaccepted.length > 0 || csp.length > 0 ? 1 : 0;
}

process.exit(main());
