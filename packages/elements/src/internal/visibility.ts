/**
 * One shared IntersectionObserver for the page: calls back once when an element first comes
 * near the viewport. Used so details (vCard, last seen, time) are only asked for contacts a
 * person can actually see — a directory of 5,000 badges fetches a screenful, not 15,000 IQs.
 */
let observer: IntersectionObserver | undefined;
const pending = new Map<Element, () => void>();

export function whenVisible(el: Element, fn: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    fn();
    return () => undefined;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const cb = pending.get(entry.target);
        pending.delete(entry.target);
        observer!.unobserve(entry.target);
        cb?.();
      }
    },
    { rootMargin: '300px' },
  );
  pending.set(el, fn);
  observer.observe(el);
  return () => {
    if (pending.delete(el)) observer!.unobserve(el);
  };
}
