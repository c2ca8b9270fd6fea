-- Test only: issues mod_tokenauth tokens of purpose "oauth2" (what OAUTHBEARER in Prosody 13 accepts)
-- at GET /presently_test_token/<username>, as the community module mod_http_oauth2 would after an
-- OAuth flow. Loaded by test/servers/token-prosody.test.ts on a loopback-only test server; never
-- part of a documented configuration.
local tokenauth = module:depends("tokenauth");
module:depends("http");

module:provides("http", {
	route = {
		["GET /*"] = function(event, username)
			local jid = username .. "@" .. module.host;
			local grant = assert(tokenauth.create_grant(jid, jid, 3600));
			local token = assert(tokenauth.create_token(jid, grant, nil, 60, "oauth2"));
			event.response.headers.content_type = "text/plain";
			return token;
		end;
	};
});
