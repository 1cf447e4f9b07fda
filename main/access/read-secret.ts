// Reads a new PIN for the CLI without it ever being an argument (arguments show in `ps` and in
// shell history): from a file, from a pipe, or typed at a terminal with nothing echoed.
import fs from 'node:fs';

/** The first line of a file or of piped input, without its line ending. */
export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** At a terminal: prompt on stderr and read keys without echo until Enter. */
function readHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n') return done();
        if (key === '\u0003') return done(new Error('Cancelled.'));
        if (key === '\u007f' || key === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += key;
      }
    };
    input.on('data', onData);
  });
}

export async function readNewSecret(options: { file?: string | undefined }): Promise<string> {
  if (options.file) return firstLine(fs.readFileSync(options.file, 'utf8'));
  if (process.stdin.isTTY) {
    const first = await readHidden('New PIN or passphrase: ');
    const again = await readHidden('The same again: ');
    if (first !== again) throw new Error('The two entries are not the same; nothing was changed.');
    return first;
  }
  return firstLine(await readAll(process.stdin));
}
