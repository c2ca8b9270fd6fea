/**
 * Registers a tag unless it is already defined. Widgets land on foreign pages where two builds
 * of Presently can meet: the first one wins, the second warns instead of throwing.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tag);
  if (!existing) registry.define(tag, ctor);
  else if (existing !== ctor) {
    console.warn(`[presently:W001] <${tag}> is already defined by another script; this copy of Presently leaves it alone.`);
  }
}
