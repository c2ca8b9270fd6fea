-- Prosody for Presently: a complete configuration for Prosody 0.12 (Debian 12) and 13.0
-- (bookworm-backports). Copy it to /etc/prosody/prosody.cfg.lua and change the site settings below;
-- nothing else needs editing. Guide: docs/servers/prosody.md. The test suites start Prosody from this
-- very file (test/server/prosody-docs.ts replaces only the site settings), so what is documented here
-- is what is tested.

---------- Site settings ----------
local domain = "example.com" -- people are user@example.com
local c2s_port = 5222 -- native XMPP clients and the doctor (TLS required)
local http_port = 5280 -- WebSocket at /xmpp-websocket, for the reverse proxy only (loopback)
local listen_on = { "*" } -- c2s interfaces; HTTP always listens on loopback only
local require_tls = true -- native clients must use STARTTLS (WebSocket is TLS at the proxy)
local certificates_dir = "/etc/prosody/certs"
local data_dir = "/var/lib/prosody"
local log_file = "/var/log/prosody/prosody.log"
local log_level = "info"
local pid_file = "/run/prosody/prosody.pid"
local shared_groups_file = "/etc/prosody/groups.txt" -- shared groups, written by your directory sync
local archive_retention = "1y" -- how long MAM keeps one-to-one messages (the paper trail)
local resume_seconds = 300 -- how long a dropped session waits for its client (XEP-0198)
---------- End of site settings ----------

pidfile = pid_file
data_path = data_dir
certificates = certificates_dir
log = { { levels = { min = log_level }, to = "file", filename = log_file } }

modules_enabled = {
	"roster"; -- RFC 6121 contact lists
	"saslauth"; -- sign-in
	"tls"; -- STARTTLS for native clients
	"disco"; -- XEP-0030: how the doctor and clients discover features
	"carbons"; -- XEP-0280: messages reach every device of a person
	"pep"; -- XEP-0163: avatars, vCard4, and Presently's own status (a private node, XEP-0223)
	"private"; -- XEP-0049 private XML storage (other clients use it; Presently stores its own status in PEP)
	"blocklist"; -- XEP-0191
	"vcard4"; -- XEP-0292
	"vcard_legacy"; -- XEP-0054 / XEP-0153: names and photos
	"version"; -- XEP-0092
	"uptime";
	"time"; -- XEP-0202: a contact's local time
	"ping"; -- XEP-0199
	"lastactivity"; -- XEP-0012: "last seen" of offline contacts
	"mam"; -- XEP-0313: message archive, see archive_retention
	"smacks"; -- XEP-0198 stream management and resumption
	"csi_simple"; -- XEP-0352: background tabs get presence in batches
	-- Prosody 13 with Debian's prosody-modules (bookworm-backports): SASL2 and FAST token reconnects
	-- (XEP-0388, XEP-0484; prosody.md "Faster reconnects"). Uncomment this line there:
	-- "sasl2"; "sasl2_fast";
	"websocket"; -- RFC 7395
	"groups"; -- shared roster groups from shared_groups_file
	"limits"; -- rate limits against floods
}
-- An intranet server talks to no other server.
modules_disabled = { "s2s" }

-- Network: native clients on c2s_port; HTTP (WebSocket) on loopback behind the TLS proxy.
interfaces = listen_on
c2s_ports = { c2s_port }
c2s_direct_tls_ports = {}
legacy_ssl_ports = {}
http_interfaces = { "127.0.0.1", "::1" }
http_ports = { http_port }
https_ports = {}
-- The proxy terminates TLS: count its WebSocket connections as encrypted, and trust its
-- X-Forwarded-For for the client's address (limits and logs).
consider_websocket_secure = true
trusted_proxies = { "127.0.0.1", "::1" }
c2s_require_encryption = require_tls

-- Sign-in: salted SCRAM-SHA-256 hashes on disk, no plaintext passwords. Token sign-in: prosody.md.
authentication = "internal_hashed"
password_hash = "SHA-256"
allow_registration = false

-- Storage: files. Above a few hundred people or with a long archive, use "sql" (prosody.md).
storage = "internal"

-- MAM: archive every one-to-one message, keep it archive_retention.
default_archive_policy = true
archive_expires_after = archive_retention
max_archive_query_results = 250

-- Stream management: resume a dropped session within resume_seconds.
smacks_hibernation_time = resume_seconds
smacks_max_queue_size = 500

-- Limits against floods: bytes per second per connection (bursts allowed), and stanza size.
limits = {
	c2s = { rate = "10kb/s"; burst = "2s" };
}
c2s_stanza_size_limit = 256 * 1024

groups_file = shared_groups_file

VirtualHost(domain)
