// What docs/frameworks/vue.md shows: register the tags, one default client, the typings import, an SFC.
import { createApp } from 'vue';
import '@presently/elements/define';
import type {} from '@presently/elements/vue';
import { createPresenceClient, setDefaultClient } from '@presently/elements';
import App from './App.vue';

interface Config {
  service: string;
  jid: string;
  password: string;
  peer: string;
}

const config = (await (await fetch('/config.json')).json()) as Config;
const client = createPresenceClient({ service: config.service, jid: config.jid, credentials: async () => ({ password: config.password }) });
void client.start();
setDefaultClient(client);

createApp(App, { peer: config.peer }).mount('#app');
