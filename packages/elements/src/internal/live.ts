/** Connected Presently elements, so a strings change can re-render them. */
const live = new Set<{ requestUpdate(): void }>();

export function track(el: { requestUpdate(): void }, connected: boolean): void {
  if (connected) live.add(el);
  else live.delete(el);
}

export function refreshAll(): void {
  for (const el of live) el.requestUpdate();
}
