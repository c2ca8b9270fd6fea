/**
 * Child-process entry that runs the scripted server, so its sending doesn't share an event loop with the
 * client under test. Commands arrive over IPC (see server-handle.ts); stanza streams are generated here, before
 * the clock starts, and t0 is taken right before the first frame is written.
 */
import { ScriptedServer } from './xmpp-server.js';
import { burstPresences, frames, ingestStanzas, initialPresences } from './stanzas.js';
import { wallNow } from './row.js';

export interface ServerProcessOptions {
  contacts: number;
  password: string;
  sendInitialPresences: boolean;
}

export type Command =
  | { id: number; cmd: 'ready'; user: string }
  | { id: number; cmd: 'ingest'; user: string; contacts: number; presences: number; chatStates: number }
  | { id: number; cmd: 'burst'; user: string; count: number }
  | { id: number; cmd: 'close' };

const options = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
const server = new ScriptedServer({
  contacts: options.contacts,
  password: options.password,
  ...(options.sendInitialPresences ? { initialPresences: (to: string) => initialPresences(to, options.contacts) } : {}),
});

const reply = (id: number, body: Record<string, unknown>) => process.send?.({ id, ...body });

process.on('message', async (message: Command) => {
  try {
    switch (message.cmd) {
      case 'ready': {
        await server.whenReady(message.user);
        reply(message.id, { ok: true });
        break;
      }
      case 'ingest':
      case 'burst': {
        const session = await server.whenReady(message.user);
        const stanzas =
          message.cmd === 'ingest'
            ? ingestStanzas(session.fullJid, message.contacts, message.presences, message.chatStates)
            : burstPresences(session.fullJid, message.count);
        const batch = frames(stanzas);
        const bytes = batch.reduce((n, f) => n + Buffer.byteLength(f), 0);
        const t0 = wallNow();
        await session.sendFrames(batch);
        reply(message.id, { t0, tWritten: wallNow(), stanzas: stanzas.length, frames: batch.length, bytes });
        break;
      }
      case 'close': {
        await server.close();
        reply(message.id, { ok: true });
        process.exit(0);
      }
    }
  } catch (error) {
    reply(message.id, { error: String((error as Error).stack ?? error) });
  }
});

const url = await server.listening();
process.send?.({ id: 0, url });
process.on('disconnect', () => process.exit(0));
