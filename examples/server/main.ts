/**
 * `npm run demo`: starts the demo, prints its URL, and runs until Ctrl-C (or SIGTERM/SIGHUP), then
 * stops every process it started. `--verbose` prints what the colleagues do; `--port N` asks for a port.
 */
import { startDemo, type Demo } from './demo.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : undefined;

let demo: Demo | undefined;
let exiting = false;
const shutdown = (signal: string): void => {
  if (exiting) return;
  exiting = true;
  process.stdout.write(`\nStopping the demo (${signal})…\n`);
  const force = setTimeout(() => process.exit(1), 8000);
  force.unref();
  void (demo?.stop() ?? Promise.resolve()).finally(() => {
    process.stdout.write('Stopped. Everything the demo started has exited.\n');
    process.exit(0);
  });
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// `npm run demo` sits between the terminal and us: npm killed with SIGTERM does not pass it on, so
// when our parent goes away (we get re-parented) we stop too rather than run on unseen.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown('parent exited');
}, 1000).unref();

try {
  demo = await startDemo({
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
    ...(verbose ? { onEvent: (text: string) => process.stdout.write(`  ${text}\n`) } : {}),
  });
  if (exiting) await demo.stop();
  else {
    process.stdout.write(
      [
        '',
        `  Brightwater — a live office of 40 simulated colleagues (${demo.online} online now) on a real XMPP server.`,
        '',
        `  Open ${demo.url}`,
        '',
        `  Ready in ${(demo.startupMs / 1000).toFixed(1)} s. Press Ctrl-C to stop.`,
        '',
      ].join('\n'),
    );
  }
} catch (e) {
  process.stderr.write(`The demo could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
