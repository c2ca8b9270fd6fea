// `presently doctor` (packages/doctor) against real services: Prosody 0.12 from the documented
// config behind the documented nginx (a self-signed certificate, trusted with --ca or not), a
// wrong password, a wrong path, a foreign origin, a closed port.
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
import { startServer, TEST_ORIGIN, type TestServer } from '../server/servers.js';
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
    expect(stdout).toMatch(/\[ok {2}\] sign-in: alice@localhost signed in with @presently\/core in \d+ ms/);
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
      detail: 'the server rejected the password (or the account does not exist) [auth-failed]',
    });
    expect(byCheck(findings, 'sign-in')!.fix).toContain('prosodyctl passwd');
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
