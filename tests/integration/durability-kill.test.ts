// Never lose a record: a child process records conversations as fast as it can through the
// real service, printing each id once its transaction has committed, and is killed with
// SIGKILL at a random moment — fifteen times over, on an unencrypted and an encrypted file.
// After every kill the database opens, passes PRAGMA integrity_check, holds every
// conversation that was acknowledged, and holds no half-written one (each has its topics,
// its outcome and its audit entry).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite, type DatabaseKey } from '../../main/db/connection.ts';
import { openStore } from '../../main/db/store.ts';
import { mulberry32 } from '../../main/records/seed.ts';
import { openStallSession, randomKey } from '../support/durability-fixtures.ts';
import { stopOnCleanup } from '../support/cleanup.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const writer = path.resolve(import.meta.dirname, '../support/durability-writer.ts');
const ROUNDS = 15;
const SEED = Number(process.env.DURABILITY_SEED ?? 20261120);

interface Round {
  acknowledged: number[];
  finished: boolean;
}

/**
 * Runs the writer and kills it once it has acknowledged `afterAcknowledged` conversations,
 * or `capMs` after it is ready, whichever comes first (a slow, busy machine still finishes
 * in time); the kill lands wherever the writer has got to by then. Returns the acknowledged ids.
 */
function writeUntilKilled(
  file: string,
  eventId: number,
  key: DatabaseKey | undefined,
  afterAcknowledged: number,
  capMs: number,
  jitterMs: number,
): Promise<Round> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (key) env.OUTREACH_DB_KEY = key.toString('hex');
    else delete env.OUTREACH_DB_KEY;
    const child = stopOnCleanup(spawn(process.execPath, [writer, file, String(eventId), '1000000'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let buffered = '';
    let stderr = '';
    let finished = false;
    const acknowledged: number[] = [];
    let killed = false;
    const killNow = () => {
      if (!killed) child.kill('SIGKILL');
      killed = true;
    };
    // A little later than the n-th acknowledgement, so kills land all over the write cycle:
    // mid-transaction, mid-commit, between a commit and its acknowledgement.
    const kill = () => (jitterMs === 0 ? killNow() : setTimeout(killNow, jitterMs));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a line cut off by the kill was never acknowledged
      for (const line of lines) {
        if (line === 'ready') {
          if (afterAcknowledged === 0) kill();
          else setTimeout(killNow, capMs);
        } else if (line === 'done') finished = true;
        else if (acknowledged.push(Number(line)) >= afterAcknowledged) kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer exited by itself (${String(signal)}): ${stderr}`));
      else resolve({ acknowledged, finished });
    });
  });
}

function inspect(file: string, key: DatabaseKey | undefined) {
  const sqlite = openSqlite(file, { key });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    const ids = new Set((sqlite.prepare('SELECT id FROM conversation').pluck().all() as number[]));
    const halfWritten = sqlite
      .prepare(
        `SELECT count(*) FROM conversation c
          WHERE (SELECT count(*) FROM conversation_topic t WHERE t.conversation_id = c.id) <> 2
             OR (SELECT count(*) FROM conversation_outcome o WHERE o.conversation_id = c.id) <> 1
             OR NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'conversation' AND a.entity_id = c.id)`,
      )
      .pluck()
      .get() as number;
    return { integrity, ids, halfWritten };
  } finally {
    sqlite.close();
  }
}

describe('a process killed while writing', () => {
  it(`keeps every acknowledged conversation, whole, over ${ROUNDS} kills`, { timeout: 90_000 }, async () => {
    const random = mulberry32(SEED);
    const dir = tempDir();
    // The writers record on the real clock, so the session is opened today: one left open
    // since an earlier day takes no more records.
    const clock = manualClock(new Date().toISOString());
    const files = [
      { file: path.join(dir, 'plain.db'), key: undefined as DatabaseKey | undefined, eventId: 0, acknowledged: new Set<number>() },
      { file: path.join(dir, 'encrypted.db'), key: randomKey() as DatabaseKey | undefined, eventId: 0, acknowledged: new Set<number>() },
    ];
    for (const target of files) {
      const { store } = await openStore(target.file, { key: target.key });
      target.eventId = openStallSession(store, clock);
      store.close();
    }

    const log: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const target = files[round % 2]!;
      // Mostly within a burst of up to two thousand; now and then as it starts.
      const afterAcknowledged = Math.floor(random() < 0.2 ? random() * 3 : 1 + random() * 2000);
      const jitterMs = Math.floor(random() * 3);
      const result = await writeUntilKilled(target.file, target.eventId, target.key, afterAcknowledged, 1500, jitterMs);
      for (const id of result.acknowledged) target.acknowledged.add(id);
      const { integrity, ids, halfWritten } = inspect(target.file, target.key);
      const lost = [...target.acknowledged].filter((id) => !ids.has(id));
      log.push(
        `round ${round} (${target.key ? 'encrypted' : 'plain'}, kill at ${afterAcknowledged} acknowledged or 1.5 s): ` +
          `${result.acknowledged.length} acknowledged, ${ids.size} in the file`,
      );
      expect(result.finished, log.join('\n')).toBe(false);
      expect(integrity, log.join('\n')).toBe('ok');
      expect(lost, log.join('\n')).toEqual([]);
      expect(halfWritten, log.join('\n')).toBe(0);
    }
    // The kills did land in the middle of bursts of writes, on both files.
    for (const target of files) expect(target.acknowledged.size).toBeGreaterThan(100);
    console.log(log.join('\n'));
  });
});
