/**
 * A team list: each colleague's dot and chat button (the elements, as React components) and their status text
 * and "typing…" (the hooks), plus our own status picker.
 */
import { PresentlyChatButton, PresentlyDot, PresentlyStatusPicker, useChatState, usePresence } from '@presently/react';
import { useState } from 'react';

export interface Colleague {
  jid: string;
  name: string;
}

const SHOW_TEXT: Record<string, string> = {
  available: 'Available',
  chat: 'Free to chat',
  away: 'Away',
  xa: 'Away for a while',
  dnd: 'Do not disturb',
  offline: 'Offline',
  unknown: 'Unknown',
};

function ColleagueRow({ jid, name, onOpen }: Colleague & { onOpen: (jid: string) => void }) {
  const presence = usePresence(jid);
  const typing = useChatState(jid) === 'composing';
  return (
    <li data-jid={jid}>
      <PresentlyDot jid={jid} />
      <span className="name">{presence.name ?? name}</span>
      <span className="status">
        {SHOW_TEXT[presence.show] ?? presence.show}
        {presence.status ? ` — ${presence.status}` : ''}
      </span>
      {typing && <span className="typing">typing…</span>}
      <PresentlyChatButton jid={jid} onPresentlyOpenChat={(event) => onOpen(event.detail.jid)} />
    </li>
  );
}

export function App({ colleagues }: { colleagues: Colleague[] }) {
  const [lastOpened, setLastOpened] = useState<string>();
  const [ownStatus, setOwnStatus] = useState<string>();
  return (
    <main>
      <h1>Team</h1>
      <PresentlyStatusPicker
        onPresentlyStatusChange={(event) =>
          setOwnStatus(`${SHOW_TEXT[event.detail.show] ?? event.detail.show}${event.detail.status ? ` — ${event.detail.status}` : ''}`)
        }
      />
      <p className="own-status">{ownStatus ? `You set: ${ownStatus}` : ''}</p>
      <ul>
        {colleagues.map((c) => (
          <ColleagueRow key={c.jid} {...c} onOpen={setLastOpened} />
        ))}
      </ul>
      <p className="last-opened">{lastOpened ? `Chat opened with ${lastOpened}` : ''}</p>
    </main>
  );
}
