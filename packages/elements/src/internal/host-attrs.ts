/** Set (or remove, for `undefined`) a host attribute only when it changes, so observers see no churn. */
export function hostAttr(el: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
