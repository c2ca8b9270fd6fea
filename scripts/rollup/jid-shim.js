// @xmpp/jid for our browser bundles. Only @xmpp/connection imports it, for `_jid()` (called by xmpp.js's own
// resource binding, which core never uses: it binds itself) and `jid.bare().toString()` in client-core's
// stream header. Core parses JIDs with its own jid.ts, so the full @xmpp/jid (~1 KB gzip) is dead weight.
// Covered by jid-shim.test.ts.
class JID {
  constructor(local, domain, resource) {
    this.local = local || '';
    this.domain = domain.toLowerCase();
    this.resource = resource || '';
  }
  bare() {
    return this.resource ? new JID(this.local, this.domain) : this;
  }
  toString() {
    return (this.local ? `${this.local}@` : '') + this.domain + (this.resource ? `/${this.resource}` : '');
  }
  equals(other) {
    return String(this) === String(other);
  }
}
export function jid(s, domain, resource) {
  if (domain || resource) return new JID(s, domain, resource);
  s = String(s);
  const slash = s.indexOf('/');
  const res = slash < 0 ? '' : s.slice(slash + 1);
  const bare = slash < 0 ? s : s.slice(0, slash);
  const at = bare.lastIndexOf('@');
  return new JID(at < 0 ? '' : bare.slice(0, at), at < 0 ? bare : bare.slice(at + 1), res);
}
export default jid;
