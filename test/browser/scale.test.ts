// Elements on core's real store (createClientWith + core's FakeConnection: the real client fed
// parsed stanzas, no network): many elements, one store subscription per JID.
import { describe, expect, test, vi } from 'vitest';
import '../../packages/elements/src/dot/dot.define.js';
import '../../packages/elements/src/badge/badge.define.js';
import { started, item } from '../../packages/core/test-support/setup.js';
import { setDefaultClient } from '../../packages/elements/src/context.js';
import { mount } from '../../packages/elements/test-support/fixture.js';
import { clockListeners, clockRunning } from '../../packages/elements/src/internal/clock.js';

describe('many elements on the real core store', () => {
  test('1,000 <presence-dot>s for 200 JIDs watch 200 JIDs, follow stanzas, and let go when removed', async () => {
    const jids = Array.from({ length: 200 }, (_, i) => `user${i}@example.com`);
    const { conn, client } = await started({ roster: jids.map((j) => item(j)).join('') });
    setDefaultClient(client);
    const host = document.createElement('div');
    for (let i = 0; i < 1000; i++) {
      const dot = document.createElement('presently-dot');
      dot.setAttribute('jid', jids[i % 200]!);
      host.append(dot);
    }
    await mount(host);
    expect(client.diagnostics.watchedJids).toBe(200);
    expect(client.diagnostics.watchers).toBe(1000);

    conn.push(`<presence from='user7@example.com/desk'><show>dnd</show><status>Focus</status></presence>`);
    await vi.waitFor(() => expect(host.querySelectorAll('presently-dot[show="dnd"]')).toHaveLength(5));
    expect(host.querySelector('presently-dot[show="dnd"]')!.getAttribute('aria-label')).toBe('user7: Do not disturb — Focus');

    host.remove();
    expect(client.diagnostics.watchedJids).toBe(0);
    expect(client.diagnostics.watchers).toBe(0);
  });

  test('200 badges share one minute ticker', async () => {
    const jids = Array.from({ length: 200 }, (_, i) => `user${i}@example.com`);
    const { client } = await started({ roster: jids.map((j) => item(j)).join('') });
    setDefaultClient(client);
    const host = document.createElement('div');
    for (const jid of jids) {
      const badge = document.createElement('presently-badge');
      badge.setAttribute('jid', jid);
      host.append(badge);
    }
    await mount(host);
    expect(clockListeners()).toBe(200);
    expect(clockRunning()).toBe(true);
    host.remove();
    expect(clockRunning()).toBe(false);
  });
});
