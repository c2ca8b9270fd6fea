import { afterEach, describe, expect, test, vi } from 'vitest';
import { html } from 'lit';
import { PresentlyBadge } from '../badge/badge.js';
import { PresentlyDot } from '../dot/dot.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { mount, shadow } from '../../test-support/fixture.js';

/** A badge whose own render() wraps the built-in one, as a host app might write it. */
class LabelledBadge extends PresentlyBadge {
  override render() {
    return html`<p part="label">Contact: ${this.show}</p>${super.render()}`;
  }
}
customElements.define('test-labelled-badge', LabelledBadge);

/** A badge whose render() has a bug. */
class BrokenBadge extends PresentlyBadge {
  broken = false;
  override render() {
    if (this.broken) throw new Error('bug in a subclass');
    return super.render();
  }
}
customElements.define('test-broken-badge', BrokenBadge);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('element bases', () => {
  test('the elements with templates are plain LitElements: a subclass overriding render() is drawn', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', name: 'Bob' });
    const el = document.createElement('test-labelled-badge') as LabelledBadge;
    el.client = client;
    el.jid = 'bob@example.com';
    await mount(el);
    expect(shadow(el).querySelector('[part="label"]')!.textContent).toBe('Contact: dnd');
    expect(shadow(el).querySelector('[part="name"]')!.textContent).toBe('Bob');
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="label"]')!.textContent).toBe('Contact: away');
  });

  test('a render() that throws is logged as E001 and leaves the element empty; the page goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const client = new FakeClient();
    const el = document.createElement('test-broken-badge') as BrokenBadge;
    el.client = client;
    el.jid = 'bob@example.com';
    await mount(el);
    expect(shadow(el).querySelector('[part="base"]')).not.toBeNull();
    el.broken = true;
    client.updatePresence('bob@example.com', { show: 'away' });
    await el.updateComplete;
    expect(errors).toHaveBeenCalledWith('[presently:E001] rendering failed', expect.any(Error));
    expect(shadow(el).querySelector('[part="base"]')).toBeNull();
    // It recovers once the bug is gone.
    el.broken = false;
    client.updatePresence('bob@example.com', { show: 'dnd' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="base"]')).not.toBeNull();
  });

  test('<presently-dot> is not a LitElement (no lit-html in the dot-only bundle): it has no render() to override', () => {
    expect('render' in PresentlyDot.prototype).toBe(false);
    expect('render' in PresentlyBadge.prototype).toBe(true);
  });
});
