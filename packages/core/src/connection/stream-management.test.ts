import { xml } from '../xml.js';
import { describe, expect, it } from 'vitest';
import { StreamManagement } from './stream-management.js';

const NS = 'urn:xmpp:sm:3';
const stanza = (n: number) => ({ stanza: xml('message', { id: `m${n}` }) });

describe('XEP-0198 counters', () => {
  it('counts inbound only after <enabled/>, and reports h in <a/>', () => {
    const sm = new StreamManagement();
    sm.onStanzaReceived(); // before enablement: not counted
    sm.enable();
    sm.onStanzaReceived(); // between <enable/> and <enabled/>: the server was not counting yet
    sm.onEnabled(xml('enabled', { xmlns: NS, id: 'abc', resume: 'true', max: '300' }));
    sm.onStanzaReceived();
    sm.onStanzaReceived();
    expect(sm.ackElement().attrs).toMatchObject({ xmlns: NS, h: '2' });
    expect(sm.resumable).toBe(true);
    expect(sm.maxSeconds).toBe(300);
  });

  it('acks outbound entries in order, clamps a server that acks too much', () => {
    const sm = new StreamManagement();
    sm.enable();
    for (let i = 1; i <= 3; i++) sm.onStanzaSent(stanza(i));
    expect(sm.onAck('2').acked.map((e) => e.stanza.attrs.id)).toEqual(['m1', 'm2']);
    expect(sm.onAck('2').acked).toEqual([]);
    const tooMuch = sm.onAck('9');
    expect(tooMuch.acked.map((e) => e.stanza.attrs.id)).toEqual(['m3']);
    expect(tooMuch.error).toMatch(/acknowledged 7/);
    expect(sm.onAck('x').error).toMatch(/invalid h/);
    expect(sm.onAck('1').acked).toEqual([]); // behind: nothing acked, flagged
  });

  it('wraps at 2^32', () => {
    const sm = new StreamManagement();
    sm.enable();
    sm.onEnabled(xml('enabled', { xmlns: NS }));
    sm.inbound = 2 ** 32 - 1;
    sm.onStanzaReceived();
    expect(sm.inbound).toBe(0);
    // Outbound: the server's h wraps too.
    (sm as unknown as { ackedCount: number }).ackedCount = 2 ** 32 - 1;
    sm.onStanzaSent(stanza(1));
    sm.onStanzaSent(stanza(2));
    expect(sm.onAck('1').acked.length).toBe(2);
  });

  it('resumes with previd and h; <failed h> acks what was handled and orphans the rest', () => {
    const sm = new StreamManagement();
    sm.enable();
    sm.onEnabled(xml('enabled', { xmlns: NS, id: 'sess', resume: 'true' }));
    sm.onStanzaReceived();
    for (let i = 1; i <= 3; i++) sm.onStanzaSent(stanza(i));
    sm.onStreamLost();
    expect(sm.inboundActive).toBe(false);
    expect(sm.resumeElement().attrs).toMatchObject({ previd: 'sess', h: '1' });
    const { acked, orphaned } = sm.onFailed(xml('failed', { xmlns: NS, h: '1' }));
    expect(acked.map((e) => e.stanza.attrs.id)).toEqual(['m1']);
    expect(orphaned.map((e) => e.stanza.attrs.id)).toEqual(['m2', 'm3']);
    expect(sm.resumable).toBe(false);
    expect(sm.inbound).toBe(0);
  });

  it('<resumed h> keeps the unacknowledged tail for resending', () => {
    const sm = new StreamManagement();
    sm.enable();
    sm.onEnabled(xml('enabled', { xmlns: NS, id: 'sess', resume: '1' }));
    for (let i = 1; i <= 3; i++) sm.onStanzaSent(stanza(i));
    sm.onStreamLost();
    const { acked } = sm.onResumed(xml('resumed', { xmlns: NS, h: '1', previd: 'sess' }));
    expect(acked.map((e) => e.stanza.attrs.id)).toEqual(['m1']);
    expect(sm.unacked.map((e) => e.stanza.attrs.id)).toEqual(['m2', 'm3']);
    expect(sm.inboundActive && sm.outboundActive).toBe(true);
  });
});
