/**
 * One office's colleagues in their own process, started by offices.ts with `TZ` set to the office's
 * time zone: the core answers XEP-0202 entity-time requests with this process's local offset, so
 * each office's people really report their own local time.
 */
import { startColleagues, type Colleagues, type ColleaguesOptions } from './colleagues.js';

export type ToOffice = { type: 'start'; options: Omit<ColleaguesOptions, 'onEvent'>; verbose: boolean } | { type: 'stop' };
export type FromOffice =
  { type: 'ready'; online: number } | { type: 'event'; text: string } | { type: 'failed'; message: string } | { type: 'stopped' };

const send = (message: FromOffice): void => {
  if (process.connected) process.send?.(message);
};

let colleagues: Colleagues | undefined;
let stopping: Promise<void> | undefined;

function stop(): Promise<void> {
  stopping ??= (async () => {
    await colleagues?.stop();
    send({ type: 'stopped' });
    if (process.connected) process.disconnect();
    process.exit(0);
  })();
  return stopping;
}

process.on('message', (message: ToOffice) => {
  if (message.type === 'stop') {
    void stop();
    return;
  }
  const onEvent = message.verbose ? (text: string) => send({ type: 'event', text }) : undefined;
  startColleagues({ ...message.options, ...(onEvent ? { onEvent } : {}) }).then(
    (c) => {
      colleagues = c;
      if (stopping) void c.stop();
      else send({ type: 'ready', online: c.online });
    },
    (e: unknown) => {
      send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    },
  );
});

// Ctrl-C reaches the whole process group: the parent decides the order of shutdown (colleagues
// first, then Prosody), so we wait for its "stop". If the parent dies, the IPC channel closes.
process.on('SIGINT', () => {});
process.on('disconnect', () => void stop());
