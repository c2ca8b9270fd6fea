// Customer-facing help center: "Talk to an agent" routes to a Support agent who is available now.
// The host app knows its agents (/api/config); Presently says who can take a chat right now.
import { setStrings } from '/presently.js';
import { boot, bucketOf } from '/assets/app.js';

// This page's own wording for the chat button (the strings table is per page).
setStrings({ chatButton: { chat: 'Talk to an agent', busy: 'Agents are busy — message anyway', leaveMessage: 'Leave us a message' } });
for (const a of document.querySelectorAll('[data-inert]')) a.addEventListener('click', (e) => e.preventDefault());

const { client, config } = await boot({ account: 'visitor' });
const agents = config.supportAgents;
const coverage = document.querySelector('[data-coverage]');
const box = document.querySelector('[data-agent]');
const parts = ['[data-agent-badge]', '[data-agent-typing]', '[data-agent-button]'].map((s) => document.querySelector(s));
const shows = new Map();
let chosen;
let chatting = false;

// Prefer someone available; then someone away (they may answer later); then anyone.
const RANK = { available: 0, away: 1, busy: 2, offline: 3, unknown: 4 };

function route() {
  const ranked = agents.map((jid) => ({ jid, rank: RANK[bucketOf(shows.get(jid))] }));
  const best = Math.min(...ranked.map((a) => a.rank));
  const available = ranked.filter((a) => a.rank === 0).length;
  coverage.textContent =
    available > 0
      ? `${available} support ${available === 1 ? 'agent is' : 'agents are'} available right now.`
      : best === 4
        ? 'Checking who is around…'
        : 'No agent is free right now — leave a message and we will get back to you.';
  if (best === 4) return;
  // Keep the agent once a chat started, and while they stay as reachable as the best one.
  const current = ranked.find((a) => a.jid === chosen);
  if (chatting && chosen) return;
  if (!current || current.rank > best) {
    const candidates = ranked.filter((a) => a.rank === best);
    chosen = candidates[Math.floor(Math.random() * candidates.length)].jid;
    for (const part of parts) part.setAttribute('jid', chosen);
  }
  box.hidden = false;
}

for (const jid of agents) {
  client.watch(jid, (presence) => {
    shows.set(jid, presence.show);
    route();
  });
}
box.addEventListener('presently-open-chat', () => {
  chatting = true;
});
document.addEventListener('presently-close-chat', () => {
  chatting = false;
  route();
});
