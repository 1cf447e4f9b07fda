// The child process of the durability test: `node tests/support/durability-writer.ts DB EVENT_ID COUNT`
// (OUTREACH_DB_KEY set for an encrypted database). Records COUNT conversations through the
// real service, one transaction each, and prints each conversation's id on its own line only
// after recordConversation has returned — that is, after its transaction committed. The
// write to stdout is synchronous (fs.writeSync), so a line the parent has read is a record
// the database promised to keep. The parent kills this process with SIGKILL at a random moment.
import fs from 'node:fs';
import { databaseKeyFromEnvironment } from '../../main/db/key.ts';
import { openStore } from '../../main/db/store.ts';
import { systemClock } from '../../shared/clock.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { conversationFields } from './durability-fixtures.ts';

const [file, eventIdText, countText] = process.argv.slice(2);
if (!file || !eventIdText || !countText) {
  console.error('usage: node tests/support/durability-writer.ts DB EVENT_ID COUNT');
  process.exit(2);
}
const eventId = Number(eventIdText);
const count = Number(countText);
const { store } = await openStore(file, { key: databaseKeyFromEnvironment() });
fs.writeSync(1, 'ready\n');
for (let i = 0; i < count; i++) {
  const { conversationId } = recordConversation(store, systemClock, conversationFields(eventId, `burst write ${i} from ${process.pid}`));
  fs.writeSync(1, `${conversationId}\n`);
}
store.close();
fs.writeSync(1, 'done\n');
