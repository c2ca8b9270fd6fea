// Deterministic test accounts: a small cast for tests, and generated organisations for the demo
// and benchmarks. Throwaway passwords, for loopback test servers only.
import type { ProsodyUser } from './config.js';

/** The test password of `username`: not a secret, only ever used against throwaway loopback servers. */
export const passwordFor = (username: string): string => `${username}-pw`;

/**
 * The standard cast. Everyone but mallory shares the group "Team", so each has the others in their
 * roster with subscription "both". mallory shares no group: a stranger nobody is subscribed to.
 */
export const TEST_USERS: readonly ProsodyUser[] = [
  { username: 'alice', name: 'Alice Archer', group: 'Team' },
  { username: 'bob', name: 'Bob Baker', group: 'Team' },
  { username: 'carol', name: 'Carol Clark', group: 'Team' },
  { username: 'dave', name: 'Dave Davies', group: 'Team' },
  { username: 'eve', name: 'Eve Evans', group: 'Team' },
  { username: 'frank', name: 'Frank Fisher', group: 'Team' },
  { username: 'grace', name: 'Grace Green', group: 'Team' },
  { username: 'heidi', name: 'Heidi Hill', group: 'Team' },
  { username: 'mallory', name: 'Mallory Moss' },
].map((u) => ({ ...u, password: passwordFor(u.username) }));

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dmitri',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Lars',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Qing',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Amara',
  'Bruno',
  'Carmen',
  'Dario',
  'Esme',
  'Felix',
  'Gita',
  'Hugo',
  'Ivy',
  'Jin',
  'Kai',
  'Leila',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Ravi',
  'Sofia',
  'Theo',
  'Una',
  'Vera',
] as const;
const LAST = [
  'Lindqvist',
  'Okafor',
  'Moreau',
  'Tanaka',
  'Kowalski',
  'Haddad',
  'Novak',
  'Silva',
  'Jensen',
  'Rossi',
  'Nguyen',
  'Fischer',
  'Ortega',
  'Kaur',
  'Walsh',
  'Petrov',
  'Mensah',
  'Larsen',
  'Costa',
  'Yilmaz',
  'Schmidt',
  'Dubois',
  'Ivanova',
  'Murphy',
  'Sato',
  'Andersen',
  'Bianchi',
  'Chen',
  'Duarte',
  'Eriksen',
  'Farah',
  'Gomez',
  'Hansen',
  'Ito',
  'Jovanovic',
  'Khan',
  'Lopez',
  'Meyer',
  'Nakamura',
  'Oliveira',
] as const;

export interface OrganisationOptions {
  /** Number of people, not counting viewers. Default 40. */
  size?: number;
  /** Departments; people are spread over them in order. Default Sales, Support, Engineering. */
  groups?: string[];
  /**
   * Accounts that see everyone (members of every group). Default none. Use a username like
   * 'viewer'; its name is its username with a capital.
   */
  viewers?: string[];
  /** Start further along the name lists, for a second, different organisation. Default 0. */
  offset?: number;
}

/**
 * A deterministic organisation: `size` people with distinct names and usernames (first.last),
 * spread round-robin over `groups`, plus optional viewers who are in every group.
 *
 * @example
 * const people = makeOrganisation({ size: 40, viewers: ['viewer'] });
 * const server = await startProsody({ users: people });
 */
export function makeOrganisation(options: OrganisationOptions = {}): ProsodyUser[] {
  const size = options.size ?? 40;
  const groups = options.groups ?? ['Sales', 'Support', 'Engineering'];
  const offset = options.offset ?? 0;
  if (size > FIRST.length * LAST.length) throw new Error(`at most ${FIRST.length * LAST.length} people`);
  if (groups.length === 0) throw new Error('at least one group');
  const people: ProsodyUser[] = [];
  for (let i = 0; i < size; i++) {
    const n = i + offset;
    // Walk first and last names at co-prime strides so the pairs don't repeat.
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length]!;
    const username = `${first}.${last}`.toLowerCase();
    people.push({ username, password: passwordFor(username), name: `${first} ${last}`, group: groups[i % groups.length]! });
  }
  for (const viewer of options.viewers ?? []) {
    people.push({ username: viewer, password: passwordFor(viewer), name: viewer[0]!.toUpperCase() + viewer.slice(1), group: [...groups] });
  }
  return people;
}
