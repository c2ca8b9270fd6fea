/**
 * The docs' locale screenshots (docs/screenshots/locales/<tag>.png): a badge and an open chat in each shipped
 * locale, Arabic right to left. Rewritten only on request (PRESENTLY_UPDATE_SCREENSHOTS=1, passed in by the
 * browser project's `provide`); a plain run writes them under .tmp/ so the rendering path still runs. Japanese
 * needs a CJK font on the machine that takes them (Debian: fonts-ipafont-gothic).
 */
import { afterEach, expect, inject, test } from 'vitest';
import { page } from 'vitest/browser';
import '../badge/badge.define.js';
import '../chat/chat.define.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { mount, settle } from '../../test-support/fixture.js';
import { setDefaultClient } from '../context.js';
import { setLocale } from '../locale.js';
import './ar.js';
import './de.js';
import './es.js';
import './fr.js';
import './ja.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** True with PRESENTLY_UPDATE_SCREENSHOTS=1: write the docs' screenshots instead of throwaway copies. */
    updateScreenshots?: boolean;
  }
}

// Relative to this file: packages/elements/src/locales/ → the repository root.
const OUT = inject('updateScreenshots') ? '../../../../docs/screenshots/locales' : '../../../../.tmp/screenshots/locales';

afterEach(() => setLocale('en'));

test.each(['en', 'de', 'fr', 'es', 'ja', 'ar'])('%s: a badge and a chat', async (tag) => {
  const client = new FakeClient();
  client.updatePresence('bob@example.com', { show: 'dnd', status: 'Design review (room 4).', name: 'Bob Baker' });
  client.updatePresence('carol@example.com', { show: 'offline', name: 'Carol Clark', lastSeen: new Date(Date.now() - 7_200_000) });
  setDefaultClient(client);
  setLocale(tag);
  const shot = await mount(
    `<div dir="${tag === 'ar' ? 'rtl' : 'ltr'}" lang="${tag}" style="inline-size: 23rem; padding: 0.75rem; background: #fff;
      font: 15px/1.4 system-ui, sans-serif; display: grid; gap: 0.75rem">
      <presently-badge jid="bob@example.com"></presently-badge>
      <presently-badge jid="carol@example.com"></presently-badge>
      <presently-chat jid="bob@example.com" style="block-size: 18rem"></presently-chat>
    </div>`,
  );
  await client.sendMessage('bob@example.com', 'Hi Bob!');
  client.receive('bob@example.com', 'On my way.');
  await settle();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await settle();
  const path = await page.screenshot({ element: shot, path: `${OUT}/${tag}.png` });
  expect(path).toMatch(new RegExp(`locales/${tag}\\.png$`));
});
