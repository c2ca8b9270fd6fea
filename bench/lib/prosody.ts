/** Bench accounts on a real Prosody (test/server/prosody.ts), all in one shared-roster group. */
import { startProsody, type ProsodyServer } from '../../test/server/prosody.js';

export const USERS = ['alice', 'bob', 'carol', 'dave'] as const;
export const passwordOf = (u: string): string => `${u}-bench-pw`;

export async function benchProsody(): Promise<ProsodyServer> {
  return startProsody({
    users: USERS.map((username) => ({ username, password: passwordOf(username) })),
    groups: { Team: [...USERS] },
    // Prosody's own default: what a production login pays for SCRAM.
    scramIterations: 10_000,
    logLevel: 'warn',
  });
}
