/**
 * Prosody's own view of an account's client sessions, through its admin console (mod_admin_shell, which the server
 * must load: `extraModules: ['admin_shell']`): `prosodyctl shell "c2s:show()"` lists every c2s session with its full
 * JID and status (online, or hibernating for a XEP-0198 session waiting to be resumed).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProsodyServer } from '../../test/server/prosody.js';

const run = promisify(execFile);

/** The full JIDs of `bare`'s c2s sessions the server holds now (hibernating ones included). */
export async function prosodySessions(prosody: ProsodyServer, bare: string): Promise<string[]> {
  const prosodyctl = process.env.PRESENTLY_PROSODYCTL ?? 'prosodyctl';
  const { stdout } = await run(prosodyctl, ['--config', prosody.configPath, 'shell', 'c2s:show()'], { timeout: 20_000 });
  if (!/^OK: /m.test(stdout)) throw new Error(`prosodyctl shell c2s:show() said: ${stdout.slice(-300)}`);
  // Rows read "c2s55ae048d9670 | alice@localhost/r2 | IPv4 | online | …".
  return stdout
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells.length > 3 && cells[1]!.startsWith(`${bare}/`))
    .map((cells) => cells[1]!);
}
