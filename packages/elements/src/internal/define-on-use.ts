/**
 * Registers a tag the first time a page needs it, so pages that never show a chat or a status picker don't
 * download them (presently.js and `@presently/elements/define` load them as separate chunks). "Needs" means:
 * the tag is in the document when this runs, is added to it later (a MutationObserver on the document, dropped
 * once loaded), or something calls {@link loadOnUseElements} — e.g. `openChat()` or a chat button. Upgrading
 * is the browser's: `customElements.define` upgrades every matching element, shadow roots included. Only tags
 * created inside *your own* shadow roots are invisible to the observer: call `loadOnUseElements()` (or import
 * the tag's `*.define.js`) for those.
 */
const loaders = new Map<string, () => Promise<void>>();

export function defineOnUse(tag: string, load: () => Promise<unknown>): void {
  const registry = globalThis.customElements;
  if (!registry || registry.get(tag) || loaders.has(tag)) return;
  let loading: Promise<void> | undefined;
  let observer: MutationObserver | undefined;
  const start = (): Promise<void> =>
    (loading ??=
      (observer?.disconnect(),
      load().then(
        () => undefined,
        (error: unknown) => {
          loading = undefined; // a failed chunk download may succeed on the next use
          console.error(`[presently:E002] loading <${tag}> failed`, error);
          throw error;
        },
      )));
  loaders.set(tag, start);
  if (typeof document === 'undefined') return;
  if (document.querySelector(tag)) {
    start().catch(() => {});
    return;
  }
  observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && ((node as Element).localName === tag || (node as Element).querySelector(tag))) {
          start().catch(() => {});
          return;
        }
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Loads and registers every tag that is registered on use (`<presently-chat>`, `<presently-status-picker>`), e.g.
 * before creating them inside your own shadow roots. Resolves when they are defined.
 */
export async function loadOnUseElements(): Promise<void> {
  await Promise.all([...loaders.values()].map((load) => load()));
}
