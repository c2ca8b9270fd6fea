// presently.js on a host page with a strict Content-Security-Policy and Trusted Types:
//   default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;
//   connect-src 'self' ws://127.0.0.1:PORT; object-src 'none'; base-uri 'none'; frame-ancestors 'none';
//   form-action 'self'; require-trusted-types-for 'script'; trusted-types lit-html presently-worker
// (the policy docs/security.md recommends). The page (test/browser/csp/) is served with that header
// from its own origin by a small node:http server (test/reliability/csp-site.ts) and opened in a fresh
// context of the test's Chromium. It must work — real states from Prosody, a chat message sent — with
// no violation at all, seen either as `securitypolicyviolation` events or as reports to report-uri.
// Controls prove the detection is live: the same page must be reported under policies that leave
// out Lit's Trusted Types policy or the WebSocket endpoint, and an innerHTML probe is reported too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';

const prosody = inject('prosody');
const password = prosody.users.find((u) => u.username === 'alice')!.password;
const at = (name: string) => `${name}@${prosody.host}`;

beforeAll(async () => {
  await commands.prosodyResume().catch(() => {});
  if (!(await commands.prosodyRunning())) await commands.prosodyRestart();
  await commands.cspSiteStart({ service: prosody.wsUrl, jid: at('alice'), password, contacts: [at('bob'), at('carol'), at('dave')] });
  await commands.peerConnect('bob', { presence: { show: 'dnd', status: 'In a meeting' } });
  await commands.peerConnect('carol', { presence: { show: 'away' } });
});

afterAll(async () => {
  await commands.peerStopAll();
  await commands.cspSiteStop();
});

describe('strict CSP with Trusted Types', () => {
  it('works, with real states from Prosody and a chat message sent, and not one violation', async () => {
    const body = `sent under CSP ${Math.random().toString(36).slice(2, 8)}`;
    const r = await commands.cspVisit('/index.html', { waitFor: { jid: at('bob'), show: 'dnd' }, chatMessage: body });
    expect(r.pageErrors).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.reports).toEqual([]);
    expect(r.reached).toBe(true);
    expect(r.dots).toEqual([
      { jid: at('bob'), show: 'dnd', label: 'Bob Baker: Do not disturb — In a meeting' },
      { jid: at('carol'), show: 'away', label: 'Carol Clark: Away' },
      { jid: at('dave'), show: 'offline', label: 'Dave Davies: Offline' },
    ]);
    expect(r.badgeText).toContain('Bob Baker');
    expect(r.badgeText).toContain('In a meeting');
    expect(r.chatDelivery.at(-1)).toMatch(/^(sent|delivered)$/);
    await commands.peerWaitForMessage('bob', { from: 'alice', bodyIncludes: body }, 10_000);
    // The page's credentials endpoint was used (the password came from the host app, not the markup).
    expect(await commands.cspCredentialRequests()).toBeGreaterThanOrEqual(1);
    // Positive control on the same page: a string into innerHTML throws and is seen both ways.
    expect(r.probeThrew).toBe(true);
    expect(r.probeViolations).toBe(1);
    expect(r.probeReports).toBe(1);
    // Nothing logged an error or warning either (Lit's dev-mode notice cannot appear: the bundle is production Lit).
    expect(r.consoleErrors).toEqual([]);
  }, 60_000);

  it("control: without Lit's Trusted Types policy the page is reported (and cannot render)", async () => {
    const r = await commands.cspVisit('/index.html?csp=no-lit-policy', { waitFor: { jid: at('bob'), show: 'dnd' }, timeoutMs: 3000 });
    expect(r.reached).toBe(false);
    expect(r.violations.map((v) => v.directive)).toContain('trusted-types');
    expect(r.reports.length).toBeGreaterThan(0);
  }, 30_000);

  it('control: without the WebSocket endpoint in connect-src the connection is reported', async () => {
    // A page of its own connection: a shared connection is the worker's, governed by the worker script's policy.
    const r = await commands.cspVisit('/index.html?csp=no-connect&unshared', { waitFor: { jid: at('bob'), show: 'dnd' }, timeoutMs: 3000 });
    expect(r.reached).toBe(false);
    expect(r.violations.map((v) => v.directive)).toContain('connect-src');
    expect(r.reports.length).toBeGreaterThan(0);
  }, 30_000);

  it("a host page with its own copy of Lit needs 'allow-duplicates': without it the second 'lit-html' policy is refused and reported", async () => {
    const r = await commands.cspVisit('/two-copies.html', { waitFor: { jid: at('bob'), show: 'dnd' }, timeoutMs: 3000 });
    expect(r.reached).toBe(false);
    expect(r.violations.map((v) => v.directive)).toContain('trusted-types');
  }, 30_000);

  it("… and with trusted-types lit-html 'allow-duplicates' it works without a violation", async () => {
    const r = await commands.cspVisit('/two-copies.html?csp=allow-duplicates', { waitFor: { jid: at('bob'), show: 'dnd' } });
    expect(r.pageErrors).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.reports).toEqual([]);
    expect(r.reached).toBe(true);
    expect(r.probeViolations).toBe(1);
  }, 30_000);
});
