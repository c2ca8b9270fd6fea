// `presently doctor` (packages/doctor) against real services: Prosody 0.12 from the documented
// config behind the documented nginx (a self-signed certificate, trusted with --ca or not), a
// wrong password, a wrong path, a foreign origin, a closed port; the same config without some modules
// (the feature checks); ejabberd 24.12 with JWT sign-in (--token).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as connectTls, type PeerCertificate } from 'node:tls';
import { runDoctor } from '../../packages/doctor/src/doctor.js';
import { describeCertificate, parseService, type Target } from '../../packages/doctor/src/network.js';
import { exitCode, formatReport, type Finding } from '../../packages/doctor/src/findings.js';
import { startNginx, type NginxProxy } from '../server/nginx.js';
import { freePorts } from '../server/ports.js';
import { randomBytes } from 'node:crypto';
import { startEjabberd, type EjabberdServer } from '../server/ejabberd.js';
import { signJwt } from '../server/jwt.js';
import { installed, startServer, TEST_ORIGIN, type TestServer } from '../server/servers.js';
import { TEST_USERS } from '../server/users.js';

const alice = TEST_USERS.find((u) => u.username === 'alice')!;
const cli = join(import.meta.dirname, '../../packages/doctor/src/cli.ts');
const byCheck = (findings: Finding[], check: string) => findings.find((f) => f.check === check);

describe('presently doctor', () => {
  let server: TestServer;
  let nginx: NginxProxy;
  let caDir: string;
  let caPath: string;

  beforeAll(async () => {
    server = await startServer('prosody-0.12', { users: [...TEST_USERS] });
    nginx = await startNginx({ upstreamPort: Number(new URL(server.wsUrl).port), allowedOrigin: TEST_ORIGIN });
    caDir = mkdtempSync(join(tmpdir(), 'presently-doctor-'));
    caPath = join(caDir, 'ca.pem');
    writeFileSync(caPath, nginx.certificate);
  });

  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  it('a complete service: every check passes, the sign-in works, and the command exits 0', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'doctor',
        nginx.wssUrl,
        '--jid',
        `alice@${server.host}`,
        '--password',
        alice.password,
        '--ca',
        caPath,
        '--origin',
        TEST_ORIGIN,
      ],
      { encoding: 'utf8' },
    );
    // execFile rejects on a non-zero exit: reaching here means exit code 0.
    expect(stdout).toContain('[ok  ] reachability');
    expect(stdout).toMatch(/\[ok {2}\] TLS certificate: valid for localhost until \d{4}-\d\d-\d\d/);
    expect(stdout).toContain('[ok  ] WebSocket: /xmpp-websocket upgrades with the "xmpp" subprotocol');
    expect(stdout).toMatch(/\[ok {2}\] SASL: offers .*SCRAM-SHA-256.*; Presently uses SCRAM-SHA-256/);
    expect(stdout).toMatch(/\[ok {2}\] sign-in: alice@localhost signed in with a password through @presently\/core in \d+ ms/);
    // Each feature Presently uses, present, with what announced it.
    expect(stdout).toContain('[ok  ] stream management (XEP-0198): present (urn:xmpp:sm:3)');
    expect(stdout).toContain('[ok  ] message carbons (XEP-0280): present (urn:xmpp:carbons:2)');
    expect(stdout).toContain('[ok  ] message archive (MAM, XEP-0313): present (urn:xmpp:mam:2)');
    expect(stdout).toContain('[ok  ] own status storage (PEP or private storage): present (http://jabber.org/protocol/pubsub#publish)');
    expect(stdout).toContain('[ok  ] client state indication (CSI, XEP-0352): present (urn:xmpp:csi:0)');
    expect(stdout).toContain('[ok  ] entity time (XEP-0202): present (urn:xmpp:time)');
    expect(stdout).toContain('[ok  ] last activity (XEP-0012): present (jabber:iq:last)');
    expect(stdout).toContain('[ok  ] vCard (XEP-0054): present (vcard-temp)');
    expect(stdout).not.toMatch(/\[(warn|FAIL|skip)\]/);
    expect(stdout).toContain('Everything Presently needs is there.');
  });

  it('a wrong password: the sign-in fails in words, exit code 1', async () => {
    const findings = await runDoctor({
      service: nginx.wssUrl,
      jid: `alice@${server.host}`,
      password: 'wrong',
      ca: nginx.certificate,
      origin: TEST_ORIGIN,
    });
    expect(byCheck(findings, 'sign-in')).toMatchObject({
      status: 'fail',
      detail: 'the server rejected the password or token (or the account does not exist) [auth-failed]',
    });
    expect(byCheck(findings, 'sign-in')!.fix).toContain('prosodyctl passwd');
    expect(byCheck(findings, 'sign-in')!.fix).toMatch(/docs\/servers\/troubleshooting\.md#auth-failed$/);
    // Nothing to discover without a session: no feature lines.
    expect(byCheck(findings, 'message archive (MAM, XEP-0313)')).toBeUndefined();
    expect(exitCode(findings)).toBe(1);
  });

  it('a self-signed certificate nobody told us to trust: "self-signed", exit code 1', async () => {
    const findings = await runDoctor({ service: nginx.wssUrl, origin: TEST_ORIGIN });
    expect(byCheck(findings, 'TLS certificate')).toMatchObject({
      status: 'fail',
      detail: 'self-signed: browsers refuse it (unless every browser was told to trust it)',
    });
    expect(exitCode(findings)).toBe(1);
    expect(formatReport(nginx.wssUrl, findings)).toContain('problem');
  });

  it('a certificate for another name, and an expired one, in words', async () => {
    // The real certificate nginx serves (for localhost and 127.0.0.1), judged for another host name.
    const cert = await new Promise<PeerCertificate>((resolve, reject) => {
      const socket = connectTls({ host: '127.0.0.1', port: nginx.port, rejectUnauthorized: false }, () => {
        resolve(socket.getPeerCertificate());
        socket.destroy();
      });
      socket.on('error', reject);
    });
    const elsewhere = parseService('wss://chat.example.com/xmpp-websocket') as Target;
    expect(describeCertificate(elsewhere, cert, undefined)).toMatchObject({
      status: 'fail',
      detail: 'is for DNS:localhost, IP Address:127.0.0.1, not for chat.example.com',
    });
    // The same certificate as if its validity had ended yesterday.
    const yesterday = new Date(Date.now() - 86_400_000);
    expect(
      describeCertificate(parseService(nginx.wssUrl) as Target, { ...cert, valid_to: yesterday.toUTCString() }, undefined),
    ).toMatchObject({
      status: 'fail',
      detail: `expired on ${yesterday.toISOString().slice(0, 10)}`,
    });
  });

  it('a wrong path: HTTP 404 and the usual path', async () => {
    const findings = await runDoctor({
      service: nginx.wssUrl.replace('/xmpp-websocket', '/ws'),
      ca: nginx.certificate,
      origin: TEST_ORIGIN,
    });
    expect(byCheck(findings, 'WebSocket')).toMatchObject({ status: 'fail', detail: '/ws is not a WebSocket endpoint (HTTP 404)' });
    expect(byCheck(findings, 'WebSocket')!.fix).toContain('/xmpp-websocket');
  });

  it('a page origin the proxy does not allow: HTTP 403 and which list to add it to', async () => {
    const findings = await runDoctor({ service: nginx.wssUrl, ca: nginx.certificate, origin: 'https://elsewhere.example' });
    expect(byCheck(findings, 'WebSocket')).toMatchObject({
      status: 'fail',
      detail: 'the server refused the upgrade (HTTP 403): the origin https://elsewhere.example is not allowed',
    });
  });

  it('a closed port: "nothing listens", exit code 1 from the command', async () => {
    const [port] = await freePorts(1);
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'doctor', `wss://localhost:${port}/xmpp-websocket`], {
      encoding: 'utf8',
    });
    const failure = await run.then(
      () => undefined,
      (err: { code?: number; stdout?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`[FAIL] reachability: nothing listens on localhost:${port} (connection refused)`);
  });
});

describe('presently doctor: a server missing modules', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The documented Prosody config without MAM, carbons and entity time (modules_disabled).
    server = await startServer('prosody-0.12', { users: [alice], withoutModules: ['mam', 'carbons', 'time'] });
  });
  afterAll(() => server?.stop());

  it('each missing feature with the config line that enables it; needed ones fail, optional ones warn', async () => {
    const findings = await runDoctor({ service: server.wsUrl, jid: `alice@${server.host}`, password: alice.password });
    expect(byCheck(findings, 'sign-in')!.status).toBe('ok');
    expect(byCheck(findings, 'message archive (MAM, XEP-0313)')).toEqual({
      status: 'fail',
      check: 'message archive (MAM, XEP-0313)',
      detail: 'missing: no chat history and no paper trail',
      fix: 'Prosody: "mam"; in modules_enabled (and archive_expires_after); ejabberd: mod_mam: { default: always } under modules:',
    });
    expect(byCheck(findings, 'message carbons (XEP-0280)')).toMatchObject({
      status: 'fail',
      detail: 'missing: a message reaches only one of your devices',
    });
    expect(byCheck(findings, 'message carbons (XEP-0280)')!.fix).toContain('"carbons"; in modules_enabled');
    expect(byCheck(findings, 'entity time (XEP-0202)')).toMatchObject({
      status: 'warn',
      detail: "missing: no contact's local time on the badge (optional)",
    });
    expect(byCheck(findings, 'entity time (XEP-0202)')!.fix).toContain('mod_time: {}');
    // What is still there reads present.
    expect(byCheck(findings, 'stream management (XEP-0198)')!.status).toBe('ok');
    expect(byCheck(findings, 'vCard (XEP-0054)')!.status).toBe('ok');
    expect(exitCode(findings)).toBe(1);
    expect(formatReport(server.wsUrl, findings)).toContain('2 problems to fix before Presently can work.');
  });
});

describe.runIf(process.env.PRESENTLY_QUICK !== '1' && installed('ejabberd-24.12'))(
  'presently doctor --token: ejabberd 24.12 with JWT',
  () => {
    const key = randomBytes(32);
    let server: EjabberdServer;
    beforeAll(async () => {
      server = await startEjabberd({ version: '24.12', jwtSecret: key, users: [alice], allowedOrigins: [TEST_ORIGIN] });
    }, 60_000);
    afterAll(() => server?.stop());

    it('signs in with the token the host app would hand the page, every feature present, exit code 0', async () => {
      const token = signJwt({ jid: `alice@${server.host}`, exp: Math.floor(Date.now() / 1000) + 60 }, key);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', cli, 'doctor', server.wsUrl, '--jid', `alice@${server.host}`, '--token', token, '--origin', TEST_ORIGIN],
        { encoding: 'utf8' },
      );
      expect(stdout).toContain('[ok  ] SASL: offers PLAIN, X-OAUTH2; a token goes by X-OAUTH2, then PLAIN');
      expect(stdout).toMatch(/\[ok {2}\] sign-in: alice@localhost signed in with a token through @presently\/core in \d+ ms/);
      expect(stdout).toContain('[ok  ] own status storage (PEP or private storage): present (http://jabber.org/protocol/pubsub#publish)');
      expect(stdout).toContain('[ok  ] stream management (XEP-0198): present (urn:xmpp:sm:3)');
      expect(stdout).toContain('[ok  ] message archive (MAM, XEP-0313): present (urn:xmpp:mam:2)');
      expect(stdout).not.toMatch(/\[(warn|FAIL)\]/);
    });

    it('an expired token: the sign-in fails in words with the guide link, exit code 1', async () => {
      const token = signJwt({ jid: `alice@${server.host}`, exp: Math.floor(Date.now() / 1000) - 120 }, key);
      const findings = await runDoctor({ service: server.wsUrl, jid: `alice@${server.host}`, token, origin: TEST_ORIGIN });
      expect(byCheck(findings, 'sign-in')).toMatchObject({
        status: 'fail',
        detail: 'the server rejected the password or token (or the account does not exist) [auth-failed]',
      });
      expect(exitCode(findings)).toBe(1);
    });
  },
);
