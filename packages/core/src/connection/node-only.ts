/**
 * Loading Node-only modules (the `ws` WebSocket client, @xmpp/tcp, @xmpp/tls, @xmpp/starttls) by
 * name at run time. A literal `import('ws')` is followed by every bundler, and core's package.json
 * "browser" map only applies when the bundler reached core through its package.json — not when it
 * compiles core's sources directly, as our rollup and vitest setups do. An opaque specifier keeps
 * these modules out of every browser bundle whatever the configuration; in Node the import resolves
 * from this file's location like any other.
 */
export function importNodeOnly(specifier: string): Promise<{ default?: unknown; [name: string]: unknown }> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
}
