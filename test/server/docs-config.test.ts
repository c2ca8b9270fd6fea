// The fillers that turn docs/servers/* into test configs: they replace only what the documents
// mark as site settings, and fail loudly when a document loses one (so a doc edit can't silently
// make the tests run something else).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EJABBERD_TEMPLATE, ejabberdConfigText } from './ejabberd.js';
import { NGINX_TEMPLATE, nginxSiteText } from './nginx.js';
import { fillSiteSettings, PROSODY_TEMPLATE } from './prosody-docs.js';

describe('docs/servers/prosody.cfg.lua', () => {
  const text = readFileSync(PROSODY_TEMPLATE, 'utf8');

  it('replaces a site setting and nothing else', () => {
    const filled = fillSiteSettings(text, { domain: 'corp.test' });
    expect(filled).toContain('local domain = "corp.test"');
    expect(filled.replace('local domain = "corp.test"', 'local domain = "example.com"')).toBe(text);
  });

  it('refuses a setting the document does not have', () => {
    expect(() => fillSiteSettings(text, { no_such_setting: 1 })).toThrow(
      'docs/servers/prosody.cfg.lua has no site setting no_such_setting',
    );
  });
});

describe('docs/servers/ejabberd.yml', () => {
  it('replaces macro values only', () => {
    const filled = ejabberdConfigText({ XMPP_DOMAIN: '"corp.test"' });
    expect(filled).toContain('  XMPP_DOMAIN: "corp.test"');
    expect(filled).toContain('hosts: [XMPP_DOMAIN]');
    expect(filled.split('\n').slice(1).join('\n').replace('"corp.test"', '"example.com"')).toBe(readFileSync(EJABBERD_TEMPLATE, 'utf8'));
  });

  it('refuses a macro the document does not define', () => {
    expect(() => ejabberdConfigText({ NOPE: '1' })).toThrow('docs/servers/ejabberd.yml has no macro NOPE');
  });
});

describe('docs/servers/nginx.conf', () => {
  it('replaces each marked value once', () => {
    const site = nginxSiteText({
      upstreamPort: 4242,
      allowedOrigin: 'https://corp.test',
      port: 8443,
      certPath: '/c.pem',
      keyPath: '/k.pem',
    });
    expect(site).toContain('"https://corp.test" 1;');
    expect(site).toContain('listen 127.0.0.1:8443 ssl;');
    expect(site).toContain('proxy_pass http://127.0.0.1:4242/xmpp-websocket;');
    expect(site).not.toContain('example.com');
    expect(readFileSync(NGINX_TEMPLATE, 'utf8')).toContain('map $http_origin $presently_origin_allowed');
  });
});
