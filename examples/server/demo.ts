/**
 * The demo in one call: a real XMPP server with Brightwater's 40 people in shared roster groups, the
 * simulated colleagues (one process per office and time zone), and the host apps' web server.
 * The server is Debian's Prosody 0.12 (default; the page gets the viewer's password), or ejabberd with
 * JWT sign-in (`PRESENTLY_DEMO_SERVER=ejabberd-24.12` or `ejabberd-23.01`; the host app signs a one-minute
 * token for the signed-in viewer and the page never sees a password).
 *
 * @example
 * const demo = await startDemo();
 * console.log(demo.url);
 * await demo.stop();
 */
import { randomBytes } from 'node:crypto';
import { startEjabberd, type EjabberdServer } from '../../test/server/ejabberd.js';
import { freePorts } from '../../test/server/ports.js';
import { startProsody, type ProsodyServer, type ProsodyUser } from '../../test/server/prosody.js';
import { signToken } from './token.js';
import type { ColleagueSpec } from './colleagues.js';
import { DEPARTMENTS, DOMAIN, INBOX, jidOf, OFFICES, PEOPLE, SUPPORT_AGENTS, VIEWER, VISITOR, type Office } from './company.js';
import { startHostServer, type HostServer } from './http.js';
import { startOffice, type OfficeProcess } from './offices.js';
import { hashSeed } from './random.js';

export interface DemoOptions {
  /** Port of the web server; taken → any free port. Default `$PRESENTLY_DEMO_PORT` or 0 (any free port). */
  port?: number;
  /** Seed of the colleagues' choices. Default `$PRESENTLY_DEMO_SEED` or 42. */
  seed?: number;
  /** Time between two presence changes within one office, in ms. Default 3–7 s (4 offices: a change every 1–2 s). */
  tickMs?: [number, number];
  /** Report what the colleagues do (and their problems). */
  onEvent?: (text: string) => void;
  /** Delay before the first nudge (a colleague asking about their mail over chat); the others follow 35 s apart. Default 20 s. */
  firstNudgeMs?: number;
  /**
   * Time between two unprompted messages to you from one office's colleagues, in ms. Default 3–5 min per office
   * (four offices: a message every minute or so). `false`: none.
   */
  chatterMs?: [number, number] | false;
  /**
   * The XMPP server: `'prosody'` (Debian's 0.12; the page signs in with a password) or an ejabberd
   * with JWT sign-in (the page signs in with a token the host app signs). Default `$PRESENTLY_DEMO_SERVER` or `'prosody'`.
   */
  server?: DemoServerKind;
}

export type DemoServerKind = 'prosody' | 'ejabberd-23.01' | 'ejabberd-24.12';
const SERVER_KINDS: readonly DemoServerKind[] = ['prosody', 'ejabberd-23.01', 'ejabberd-24.12'];

export interface Demo {
  /** The index page: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** The XMPP server it runs (Prosody, or ejabberd with JWT sign-in). */
  readonly server: ProsodyServer | EjabberdServer;
  /** What the page signs in with: a token the host app signs, or the password. */
  readonly signIn: 'token' | 'password';
  /** Milliseconds from the call to everything ready. */
  readonly startupMs: number;
  /** Colleagues logged in when the demo became ready. */
  readonly online: number;
  /** Processes the demo started (Prosody and the office processes) that are still running. */
  pids(): number[];
  /** Stops the colleagues, then Prosody and the web server. Safe to call twice. */
  stop(): Promise<void>;
}

const envNumber = (name: string): number | undefined => {
  const v = process.env[name];
  return v && Number.isFinite(Number(v)) ? Number(v) : undefined;
};

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const t0 = performance.now();
  const seed = options.seed ?? envNumber('PRESENTLY_DEMO_SEED') ?? 42;
  const password = () => randomBytes(12).toString('base64url');
  const passwords = new Map<string, string>();
  const users: ProsodyUser[] = [
    ...PEOPLE.map((p) => ({ username: p.username, password: password(), name: p.name, group: p.department })),
    { username: VIEWER.username, password: password(), name: VIEWER.name, group: [...DEPARTMENTS] },
    { username: VISITOR.username, password: password(), name: VISITOR.name, group: 'Support' },
  ];
  for (const u of users) passwords.set(u.username, u.password);

  const kind = options.server ?? SERVER_KINDS.find((k) => k === process.env.PRESENTLY_DEMO_SERVER) ?? 'prosody';
  // ejabberd checks the page's origin, so the web server's port must be known before it starts.
  const requestedPort = options.port ?? envNumber('PRESENTLY_DEMO_PORT') ?? 0;
  const port = kind !== 'prosody' && requestedPort === 0 ? (await freePorts(1))[0]! : requestedPort;
  /** The key the host app signs tokens with; ejabberd gets the same one (its jwt_key). */
  const tokenKey = kind === 'prosody' ? undefined : randomBytes(32);
  let prosody: ProsodyServer | EjabberdServer | undefined;
  let http: HostServer | undefined;
  const offices: OfficeProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.allSettled(offices.map((o) => o.stop()));
      await Promise.allSettled([prosody?.stop(), http?.close()]);
    })());

  try {
    // A closed browser tab that never said goodbye stops looking available after 20 s.
    prosody =
      kind === 'prosody'
        ? await startProsody({ host: DOMAIN, users, smacksHibernationSeconds: 20, logLevel: 'warn' })
        : await startEjabberd({
            version: kind === 'ejabberd-23.01' ? '23.01' : '24.12',
            host: DOMAIN,
            users,
            resumeSeconds: 20,
            jwtSecret: tokenKey,
            allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
          });
    const server = prosody;
    const started = new Date();
    http = await startHostServer(
      {
        connectSrc: new URL(server.wsUrl).origin.replace(/^http/, 'ws'),
        config: {
          service: server.wsUrl,
          domain: DOMAIN,
          company: 'Brightwater',
          viewer: { jid: jidOf(VIEWER.username), name: VIEWER.name, title: VIEWER.title },
          visitor: { jid: jidOf(VISITOR.username), name: VISITOR.name },
          supportAgents: SUPPORT_AGENTS.map(jidOf),
        },
        people: PEOPLE.map((p) => ({
          jid: jidOf(p.username),
          name: p.name,
          title: p.title,
          department: p.department,
          office: p.office,
          timeZone: OFFICES[p.office],
          phone: p.phone,
        })),
        mail: INBOX.map((m) => ({
          id: m.id,
          from: jidOf(m.from),
          fromName: PEOPLE.find((p) => p.username === m.from)?.name ?? m.from,
          subject: m.subject,
          receivedAt: new Date(started.getTime() - m.minutesAgo * 60_000).toISOString(),
          body: m.body,
        })),
        credentials: (account) => {
          const username = account === 'visitor' ? VISITOR.username : VIEWER.username;
          return tokenKey ? { token: signToken({ jid: jidOf(username), key: tokenKey }) } : { password: passwords.get(username)! };
        },
      },
      port,
    );

    const firstNudge = options.firstNudgeMs ?? 20_000;
    const nudges = new Map(INBOX.map((m, i) => [m.from, { text: m.nudge, afterMs: firstNudge + i * 35_000 }]));
    const byOffice = Object.keys(OFFICES) as Office[];
    const started_ = await Promise.allSettled(
      byOffice.map((office) => {
        const people: ColleagueSpec[] = PEOPLE.filter((p) => p.office === office).map((p) => ({
          username: p.username,
          password: passwords.get(p.username)!,
          name: p.name,
          office: p.office,
          start: p.start,
          ...(p.steady ? { steady: true } : {}),
          ...(nudges.has(p.username) ? { nudge: nudges.get(p.username)! } : {}),
        }));
        return startOffice({
          name: office,
          timeZone: OFFICES[office],
          verbose: options.onEvent !== undefined,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          options: {
            service: server.tcpUrl,
            domain: DOMAIN,
            people,
            seed: hashSeed(office, seed),
            viewerJid: jidOf(VIEWER.username),
            visitorJid: jidOf(VISITOR.username),
            ...(options.tickMs ? { tickMs: options.tickMs } : {}),
            ...(options.chatterMs !== undefined ? { chatterMs: options.chatterMs } : {}),
          },
        }).then((o) => {
          offices.push(o);
          return o;
        });
      }),
    );
    const failed = started_.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (e) {
    await stop();
    throw e;
  }

  const url = http.url;
  const server = prosody;
  return {
    url,
    server,
    signIn: tokenKey ? 'token' : 'password',
    startupMs: Math.round(performance.now() - t0),
    online: offices.reduce((n, o) => n + o.online, 0),
    pids: () => [server.pid, ...offices.map((o) => o.pid)].filter((p): p is number => p !== undefined),
    stop,
  };
}
