/**
 * Compiled by `pnpm typecheck` (never built or run): the raw tags type-check in JSX through `./jsx.ts` alone, with
 * their properties and event props typed. If the augmentation were missing, every line below would be an error;
 * the `@ts-expect-error` lines prove the props are checked, not just allowed.
 */
import type { PresenceClient } from '@presently/core';
import './jsx.js';

export function RawTags({ client }: { client: PresenceClient }) {
  return (
    <presently-client client={client} onpresently-error={(e) => console.warn(e.detail.code)}>
      <presently-dot jid="bob@example.com" size="small" />
      <presently-badge jid="bob@example.com" layout="compact" />
      <presently-typing jid="bob@example.com" />
      <presently-chat-button jid="bob@example.com" onpresently-open-chat={(e) => e.detail.jid.toUpperCase()} />
      <presently-chat jid="bob@example.com" closable onpresently-close-chat={(e) => e.preventDefault()} />
      <presently-status-picker onpresently-status-change={(e) => e.detail.show.length} />
      {/* @ts-expect-error -- a dot has no such size */}
      <presently-dot jid="bob@example.com" size="huge" />
      {/* @ts-expect-error -- jid is a string */}
      <presently-badge jid={42} />
    </presently-client>
  );
}
