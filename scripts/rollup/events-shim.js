// The part of Node's `events` that xmpp.js uses (on/once/off/emit, Node's 'error' semantics), for our browser
// bundles: the `events` package costs ~2 KB gzip for features nothing here calls. Covered by events-shim.test.ts.
export class EventEmitter {
  constructor() {
    this._events = new Map();
  }
  on(name, fn) {
    const list = this._events.get(name);
    if (list) list.push(fn);
    else this._events.set(name, [fn]);
    return this;
  }
  once(name, fn) {
    const wrapper = (...args) => {
      this.off(name, wrapper);
      fn.apply(this, args);
    };
    wrapper.listener = fn;
    return this.on(name, wrapper);
  }
  off(name, fn) {
    const list = this._events.get(name);
    if (list) {
      // Like Node: the most recently added matching listener goes first.
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === fn || list[i].listener === fn) {
          list.splice(i, 1);
          break;
        }
      }
      if (!list.length) this._events.delete(name);
    }
    return this;
  }
  removeAllListeners(name) {
    if (name === undefined) this._events.clear();
    else this._events.delete(name);
    return this;
  }
  emit(name, ...args) {
    const list = this._events.get(name);
    if (!list) {
      if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${args[0]}`);
      return false;
    }
    for (const fn of [...list]) fn.apply(this, args);
    return true;
  }
  listenerCount(name) {
    return this._events.get(name)?.length ?? 0;
  }
}
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.removeListener = EventEmitter.prototype.off;
export default EventEmitter;
