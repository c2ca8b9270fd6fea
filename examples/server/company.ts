/**
 * Brightwater, the demo's company: 40 people in three departments and four offices, plus the demo
 * viewer ("you") and a website visitor account for the support portal. This is the host apps' own
 * employee data (titles, offices, the inbox); Presently only adds live presence on top of it.
 */

export const DOMAIN = 'brightwater.example';
export const DEPARTMENTS = ['Sales', 'Support', 'Engineering'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Offices and their IANA time zones: each office's colleagues run in a process with that `TZ`. */
export const OFFICES = {
  Berlin: 'Europe/Berlin',
  London: 'Europe/London',
  'New York': 'America/New_York',
  Bengaluru: 'Asia/Kolkata',
} as const;
export type Office = keyof typeof OFFICES;

/** How a colleague starts the demo. */
export type StartState = 'available' | 'away' | 'dnd' | 'xa' | 'offline';

export interface Person {
  username: string;
  name: string;
  title: string;
  department: Department;
  office: Office;
  /** Extension shown in the directory (host data, not presence). */
  phone: string;
  start: StartState;
  /** Never logs out during the demo (managers the inbox and the tests rely on). */
  steady?: boolean;
}

type Row = [name: string, title: string, department: Department, office: Office];

const ROWS: Row[] = [
  ['Maya Okafor', 'Head of Sales', 'Sales', 'London'],
  ['Tom Hargreaves', 'Account Executive', 'Sales', 'London'],
  ['Priya Raman', 'Account Executive', 'Sales', 'London'],
  ['Lucas Ferreira', 'Sales Engineer', 'Sales', 'New York'],
  ['Hannah Schulz', 'Account Manager', 'Sales', 'Berlin'],
  ['Daniel Kim', 'Account Executive', 'Sales', 'New York'],
  ['Sofia Marino', 'Partnerships Manager', 'Sales', 'London'],
  ["James O'Connor", 'Sales Development Rep', 'Sales', 'New York'],
  ['Amira Haddad', 'Account Manager', 'Sales', 'Berlin'],
  ['Ethan Brooks', 'Sales Development Rep', 'Sales', 'New York'],
  ['Chloé Dubois', 'Account Executive', 'Sales', 'London'],
  ['Rahul Mehta', 'Sales Operations Analyst', 'Sales', 'Bengaluru'],
  ['Olivia Bennett', 'Account Executive', 'Sales', 'New York'],
  ['Grace Liu', 'Support Lead', 'Support', 'New York'],
  ['Marcus Johnson', 'Support Engineer', 'Support', 'New York'],
  ['Aisha Bello', 'Support Engineer', 'Support', 'London'],
  ['Kenji Watanabe', 'Support Engineer', 'Support', 'Bengaluru'],
  ['Elena Petrova', 'Customer Success Manager', 'Support', 'Berlin'],
  ['Noah Fischer', 'Support Engineer', 'Support', 'Berlin'],
  ['Ana Souza', 'Support Specialist', 'Support', 'London'],
  ['Vikram Nair', 'Support Engineer', 'Support', 'Bengaluru'],
  ['Lena Hoffmann', 'Support Specialist', 'Support', 'Berlin'],
  ['Samuel Osei', 'Customer Success Manager', 'Support', 'London'],
  ['Isabel García', 'Support Specialist', 'Support', 'New York'],
  ['Arjun Patel', 'Support Engineer', 'Support', 'Bengaluru'],
  ['Zoe Martin', 'Support Specialist', 'Support', 'New York'],
  ['Jonas Weber', 'VP Engineering', 'Engineering', 'Berlin'],
  ['Fatima El Idrissi', 'Staff Engineer', 'Engineering', 'Berlin'],
  ['Oliver Smith', 'Backend Engineer', 'Engineering', 'London'],
  ['Mei Chen', 'Frontend Engineer', 'Engineering', 'Berlin'],
  ['Lukas Novak', 'Site Reliability Engineer', 'Engineering', 'Berlin'],
  ['Sara Lindqvist', 'Product Designer', 'Engineering', 'Berlin'],
  ['David Cohen', 'Backend Engineer', 'Engineering', 'New York'],
  ['Ananya Iyer', 'QA Engineer', 'Engineering', 'Bengaluru'],
  ['Mateo Rossi', 'Mobile Engineer', 'Engineering', 'Berlin'],
  ['Nadia Kowalski', 'Engineering Manager', 'Engineering', 'London'],
  ['Karthik Subramanian', 'Backend Engineer', 'Engineering', 'Bengaluru'],
  ['Emily Clarke', 'Product Manager', 'Engineering', 'London'],
  ['Felix Braun', 'Security Engineer', 'Engineering', 'Berlin'],
  ['Yuki Tanaka', 'Data Engineer', 'Engineering', 'Bengaluru'],
];

// A fixed mix so every page has available, away, busy and offline people from the first second:
// per ten people 6 available, 2 away, 1 busy, 1 offline (one of the away ones is "xa" further on).
const START_PATTERN: StartState[] = [
  'available',
  'available',
  'away',
  'available',
  'dnd',
  'available',
  'offline',
  'available',
  'available',
  'away',
];
const STEADY = new Set(['maya.okafor', 'grace.liu', 'jonas.weber', 'tom.hargreaves', 'marcus.johnson']);

/** `"Chloé Dubois"` → `"chloe.dubois"`, `"James O'Connor"` → `"james.oconnor"`. */
export function usernameOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
}

export const PEOPLE: readonly Person[] = ROWS.map(([name, title, department, office], i) => {
  const username = usernameOf(name);
  let start = START_PATTERN[i % START_PATTERN.length]!;
  if (STEADY.has(username) && start === 'offline') start = 'available';
  if (username === 'yuki.tanaka') start = 'xa';
  return {
    username,
    name,
    title,
    department,
    office,
    phone: `+1 555 01${String(20 + i).padStart(2, '0')}`,
    start,
    ...(STEADY.has(username) ? { steady: true } : {}),
  };
});

/** The demo viewer: the person at the keyboard, in every department's shared group so they see everyone. */
export const VIEWER = { username: 'you', name: 'Alex Morgan (you)', title: 'Operations Manager' } as const;
/** The support portal's website visitor: in the Support group, so the portal sees the agents. */
export const VISITOR = { username: 'visitor', name: 'Website visitor' } as const;

export const jidOf = (username: string): string => `${username}@${DOMAIN}`;

export interface Mail {
  id: string;
  from: string;
  subject: string;
  /** Minutes before the demo started. */
  minutesAgo: number;
  body: string[];
  /** Asked over chat a while after the demo starts, so the reading pane shows "… is typing". */
  nudge: string;
}

/** The web mail inbox. Senders are steady or mostly-online people, so "reply by chat" gets answered. */
export const INBOX: readonly Mail[] = [
  {
    id: 'q3-forecast',
    from: 'maya.okafor',
    subject: 'Q3 forecast — numbers due Friday',
    minutesAgo: 12,
    body: [
      'Hi Alex,',
      'Could you send me the updated EMEA pipeline before Friday? Finance wants to lock the Q3 forecast on Monday morning.',
      'If anything moved a lot since last week, a two-line note per deal is plenty.',
      'Thanks!\nMaya',
    ],
    nudge: 'Did you see my mail about the Q3 forecast?',
  },
  {
    id: 'escalation-4411',
    from: 'grace.liu',
    subject: 'Escalation: ticket #4411 (Harbor Freight)',
    minutesAgo: 34,
    body: [
      'Alex — heads-up: Harbor Freight reopened #4411, their sync jobs are failing again since this morning.',
      'Marcus is on it, but they asked for someone from operations to join a call today. Are you free after 2?',
      'Grace',
    ],
    nudge: 'Any chance you can join the Harbor Freight call?',
  },
  {
    id: 'release-notes',
    from: 'jonas.weber',
    subject: 'Release 4.2 notes for review',
    minutesAgo: 58,
    body: [
      'Hi all,',
      'Draft release notes for 4.2 are in the shared drive. Please flag anything customers should hear about from us first.',
      'We ship Thursday unless QA finds something.',
      'Jonas',
    ],
    nudge: 'Quick one: are the 4.2 release notes OK for you?',
  },
  {
    id: 'offsite',
    from: 'emily.clarke',
    subject: 'Offsite agenda (draft 2)',
    minutesAgo: 95,
    body: ['Hi Alex,', 'Second draft of the offsite agenda attached. I moved the roadmap session to day one, after lunch.', 'Emily'],
    nudge: 'Got a minute for the offsite agenda?',
  },
  {
    id: 'contract',
    from: 'tom.hargreaves',
    subject: 'Contract renewal — Lindqvist AB',
    minutesAgo: 140,
    body: [
      'Alex,',
      'Lindqvist AB want a three-year renewal with a 5% discount. I think we can do 3%. Can you approve before I call them back?',
      'Tom',
    ],
    nudge: 'Can I give Lindqvist AB the 3%?',
  },
  {
    id: 'on-call',
    from: 'lukas.novak',
    subject: 'On-call rota for December',
    minutesAgo: 210,
    body: ['Hi,', 'The December on-call rota is up. Swaps before the 1st, please.', 'Lukas'],
    nudge: 'Are you OK with the December rota?',
  },
  {
    id: 'customer-story',
    from: 'elena.petrova',
    subject: 'Customer story: Nordlicht Energie',
    minutesAgo: 300,
    body: ['Hi Alex,', 'Nordlicht agreed to a customer story! Could you connect me with someone in marketing?', 'Elena'],
    nudge: 'Who should I talk to in marketing?',
  },
  {
    id: 'security-review',
    from: 'felix.braun',
    subject: 'Security review follow-ups',
    minutesAgo: 420,
    body: ['Hello,', 'Three follow-ups from the vendor security review, none urgent. Details in the tracker.', 'Felix'],
    nudge: 'Did you see the security review follow-ups?',
  },
  {
    id: 'new-hire',
    from: 'nadia.kowalski',
    subject: 'Welcome lunch for our new hires',
    minutesAgo: 600,
    body: ['Hi Alex,', "Two new engineers start on Monday. Shall we do a welcome lunch on Wednesday? I'll book the place.", 'Nadia'],
    nudge: 'Wednesday lunch for the new hires — are you in?',
  },
];

/** Usernames of the Support department: the agents the portal may route a visitor to. */
export const SUPPORT_AGENTS = PEOPLE.filter((p) => p.department === 'Support').map((p) => p.username);
