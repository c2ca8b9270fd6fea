// Page side of bench/badges.ts and bench/memory.ts. One real client (presently.js) fed by the scripted server;
// either 5,000 <presently-badge> or the baseline: 5,000 plain <span>s kept up to date by hand-written DOM code.
const list = document.getElementById('list');
const jidOf = (c) => `u${c}@example.com`;
const nextPaint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const wallNow = () => performance.timeOrigin + performance.now();
let P;
let client;
let items = []; // { el, done(): boolean } per contact, in contact order

window.bench = {
  async connect(service, jid, password) {
    P = await import('/presently.js');
    // maxStanzaSize: a 5,000-contact roster result (~430 KB) is over core's default cap; see bench/ingest.ts.
    // shared: false — this page measures one page's rendering on a connection of its own, as before sharing
    // existed; what sharing costs and saves across tabs is measured by the tabs rows (bench/tabs.ts).
    client = P.createPresenceClient({
      service,
      jid,
      password,
      resource: 'page',
      reconnect: false,
      maxStanzaSize: 1 << 20,
      shared: false,
    });
    await client.start();
    P.setDefaultClient(client);
    window.client = client;
  },

  /** Waits (bounded) until the store knows every contact's state. */
  async waitStates(n, timeoutMs = 30_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      let known = 0;
      for (let c = 0; c < n; c++) if (client.presenceOf(jidOf(c)).show !== 'unknown') known++;
      if (known === n) return known;
      if (performance.now() > deadline) throw new Error(`only ${known}/${n} contacts known after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  },

  /** Mounts n elements; resolves with ms until every one shows its contact's current state, painted. */
  async mount(mode, n) {
    const t0 = performance.now();
    const frag = document.createDocumentFragment();
    items = [];
    for (let c = 0; c < n; c++) {
      const item = mode === 'badge' ? badge(c) : span(c);
      items.push(item);
      frag.append(item.el);
    }
    list.append(frag);
    if (mode === 'badge') await Promise.all(items.map((i) => i.el.updateComplete));
    const deadline = performance.now() + 30_000;
    for (;;) {
      const stale = items.filter((i) => i.el.getAttribute('show') !== client.presenceOf(i.jid).show).length;
      if (stale === 0) break;
      if (performance.now() > deadline) throw new Error(`${stale} of ${n} still stale after 30 s`);
      await new Promise((r) => requestAnimationFrame(r));
    }
    await nextPaint();
    return performance.now() - t0;
  },

  unmount() {
    list.replaceChildren();
    for (const i of items) i.stop?.();
    items = [];
  },

  diagnostics() {
    const d = client.diagnostics;
    return { watchedJids: d.watchedJids, watchers: d.watchers, storedJids: d.storedJids };
  },

  /** Arms observers for a burst changing contacts 0..count-1; `bench.done` resolves when the DOM shows all. */
  arm(count, settleMs = 100) {
    const longTasks = [];
    const po = new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))));
    po.observe({ type: 'longtask' });
    const tArm = performance.now();
    let frames = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const remaining = new Set(items.slice(0, count));
    const byNode = new Map();
    let resolveDone;
    window.bench.done = new Promise((r) => (resolveDone = r));
    const check = (item) => {
      if (remaining.has(item) && item.burstDone()) remaining.delete(item);
      if (remaining.size === 0 && resolveDone) {
        const tDone = wallNow();
        const tDoneLocal = performance.now();
        const r = resolveDone;
        resolveDone = undefined;
        mo.disconnect();
        counting = false;
        setTimeout(() => {
          po.disconnect();
          const inBurst = longTasks.filter((t) => t.start + t.duration >= tArm && t.start <= tDoneLocal + settleMs);
          r({ tDone, frames, longTasks: inBurst.map((t) => t.duration) });
        }, settleMs);
      }
    };
    const mo = new MutationObserver((records) => {
      for (const rec of records) {
        const node = rec.target;
        const root = node.getRootNode();
        const item =
          byNode.get(root instanceof ShadowRoot ? root.host : node) ??
          byNode.get(node.parentElement) ??
          byNode.get(node.parentElement?.parentElement);
        if (item) check(item);
      }
    });
    for (const item of remaining) {
      byNode.set(item.el, item);
      mo.observe(item.el, { attributes: true, childList: true, characterData: true, subtree: true });
      if (item.el.shadowRoot) mo.observe(item.el.shadowRoot, { attributes: true, childList: true, characterData: true, subtree: true });
    }
    // A slow safety net in case a change slipped past the observer (bounded: it stops at done).
    const poll = () => {
      if (!resolveDone) return;
      for (const item of [...remaining]) check(item);
      setTimeout(poll, 250);
    };
    setTimeout(poll, 250);
  },
};

function badge(c) {
  const el = document.createElement('presently-badge');
  el.setAttribute('jid', jidOf(c));
  el.setAttribute('layout', 'compact');
  return {
    jid: jidOf(c),
    el,
    burstDone: () =>
      el.getAttribute('show') === 'dnd' && (el.shadowRoot?.querySelector('[part=status]')?.textContent ?? '').includes('(burst)'),
  };
}

function span(c) {
  const jid = jidOf(c);
  const el = document.createElement('span');
  el.className = 'contact';
  const dot = document.createElement('i');
  const name = document.createElement('b');
  const status = document.createElement('span');
  status.className = 'status';
  el.append(dot, name, status);
  const stop = client.watch(jid, (p) => {
    dot.className = p.show;
    dot.title = p.show;
    name.textContent = p.name || jid.split('@')[0];
    status.textContent = p.status ?? '';
    el.setAttribute('show', p.show);
  });
  return { jid, el, stop, burstDone: () => el.getAttribute('show') === 'dnd' && status.textContent.includes('(burst)') };
}
