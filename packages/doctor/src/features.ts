// Each feature Presently uses, judged from what a signed-in client discovers (@presently/core's
// serverFeatures(): disco#info of the server and the account, and the stream features after sign-in),
// with the config line that enables it on Prosody and on ejabberd.
import type { ServerFeatures } from '@presently/core';
import type { Finding } from './findings.js';
import { NS_CARBONS, NS_CSI, NS_LAST_ACTIVITY, NS_MAM, NS_PRIVATE, NS_PUBSUB_PUBLISH, NS_SM, NS_TIME, NS_VCARD } from './namespaces.js';

export interface FeatureCheck {
  /** What a person calls it. */
  name: string;
  /** What a person loses without it. */
  without: string;
  /** Missing fails the report (exit code 1); otherwise it is a warning. */
  needed: boolean;
  /** Present when any of these is announced. */
  anyOf: Array<{ where: keyof ServerFeatures; feature: string }>;
  prosody: string;
  ejabberd: string;
}

export const FEATURES: readonly FeatureCheck[] = [
  {
    name: 'stream management (XEP-0198)',
    without: 'a dropped connection starts over, and messages sent meanwhile can be lost',
    needed: true,
    anyOf: [{ where: 'stream', feature: NS_SM }],
    prosody: '"smacks"; in modules_enabled',
    ejabberd: 'mod_stream_mgmt: {} under modules:',
  },
  {
    name: 'message carbons (XEP-0280)',
    without: 'a message reaches only one of your devices',
    needed: true,
    anyOf: [{ where: 'server', feature: NS_CARBONS }],
    prosody: '"carbons"; in modules_enabled',
    ejabberd: 'mod_carboncopy: {} under modules:',
  },
  {
    name: 'message archive (MAM, XEP-0313)',
    without: 'no chat history and no paper trail',
    needed: true,
    anyOf: [{ where: 'account', feature: NS_MAM }],
    prosody: '"mam"; in modules_enabled (and archive_expires_after)',
    ejabberd: 'mod_mam: { default: always } under modules:',
  },
  {
    name: 'own status storage (PEP or private storage)',
    without: 'your status message is lost at the next sign-in and your other devices never see it',
    needed: true,
    anyOf: [
      { where: 'account', feature: NS_PUBSUB_PUBLISH },
      { where: 'server', feature: NS_PRIVATE },
      { where: 'account', feature: NS_PRIVATE },
    ],
    prosody: '"pep"; and "private"; in modules_enabled',
    ejabberd: 'mod_pubsub (plugins: [flat, pep]) and mod_private: {} under modules:',
  },
  {
    name: 'client state indication (CSI, XEP-0352)',
    without: 'background tabs get every presence at once, costing battery and bandwidth',
    needed: false,
    anyOf: [{ where: 'stream', feature: NS_CSI }],
    prosody: '"csi_simple"; in modules_enabled',
    ejabberd: 'mod_client_state: {} under modules:',
  },
  {
    name: 'entity time (XEP-0202)',
    without: "no contact's local time on the badge",
    needed: false,
    anyOf: [{ where: 'server', feature: NS_TIME }],
    prosody: '"time"; in modules_enabled',
    ejabberd: 'mod_time: {} under modules:',
  },
  {
    name: 'last activity (XEP-0012)',
    without: 'no "last seen" for offline contacts',
    needed: false,
    anyOf: [{ where: 'server', feature: NS_LAST_ACTIVITY }],
    prosody: '"lastactivity"; in modules_enabled',
    ejabberd: 'mod_last: {} under modules:',
  },
  {
    name: 'vCard (XEP-0054)',
    without: 'no names and photos for people outside your roster',
    needed: false,
    anyOf: [{ where: 'server', feature: NS_VCARD }],
    prosody: '"vcard_legacy"; in modules_enabled',
    ejabberd: 'mod_vcard: {} under modules:',
  },
];

/** One finding per feature: present, or missing with the config line that enables it. */
export function judgeFeatures(offered: ServerFeatures): Finding[] {
  return FEATURES.map((check) => {
    const found = check.anyOf.find(({ where, feature }) => offered[where].includes(feature));
    if (found) return { status: 'ok', check: check.name, detail: `present (${found.feature})` };
    return {
      status: check.needed ? 'fail' : 'warn',
      check: check.name,
      detail: `missing: ${check.without}${check.needed ? '' : ' (optional)'}`,
      fix: `Prosody: ${check.prosody}; ejabberd: ${check.ejabberd}`,
    };
  });
}
