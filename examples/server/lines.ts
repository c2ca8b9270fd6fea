/** What the simulated colleagues say: status texts and canned chat replies. */
import type { Random } from './random.js';

/** "3pm" for the hour `hours` from now, in this process's time zone (each office runs with its own TZ). */
export function localHourFromNow(hours: number, now = new Date()): string {
  const h = (now.getHours() + hours) % 24;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${h < 12 ? 'am' : 'pm'}`;
}

export function busyStatus(random: Random): string {
  return random.pick([
    () => `In a meeting until ${localHourFromNow(1)}`,
    () => 'Focus time',
    () => 'On a customer call',
    () => `Presenting — back at ${localHourFromNow(2)}`,
    () => 'Interviewing a candidate',
    () => 'Heads down on the release',
  ])();
}

export function awayStatus(random: Random): string | undefined {
  return random.pick([undefined, undefined, 'Lunch', 'Back in 10', 'Grabbing a coffee', 'Commuting']);
}

export function availableStatus(random: Random, office: string): string | undefined {
  return random.pick([undefined, undefined, undefined, 'Working from home', `At the ${office} office`, 'Back from lunch']);
}

export function extendedAwayStatus(random: Random): string {
  return random.pick(['On holiday until Monday', 'Out sick today', 'At a conference all week']);
}

const ANSWERS = [
  'Sure, give me five minutes and I’ll get back to you.',
  'Good question — let me check and come back to you.',
  'Yes, that works for me.',
  'I think so, but let me double-check with the team first.',
  'Can we pick this up after lunch?',
  'Yes! Send me the details and I’ll take a look.',
];
const ACKS = ['Thanks, got it 👍', 'Perfect, thank you!', 'On it.', 'Great, I’ll take it from here.', 'Noted — thanks for the heads-up.'];
const MEETINGS = [
  'Yes — send me an invite, I’m free after 2 (my time).',
  'Happy to join. Which link?',
  'I can do 15 minutes at the top of the hour.',
];
const BUSY = [
  'In a meeting right now — I’ll get back to you within the hour.',
  'Can’t talk now, on a call. Quick answer: yes.',
  'Heads down at the moment; can it wait until later today?',
];
const SUPPORT = [
  (first: string) => `Hi! I’m ${first} from Brightwater Support. Let me look into that for you.`,
  () => 'Thanks for the details. Could you tell me your account email or ticket number?',
  () => 'I can see it on our side now. I’m applying a fix — give me two minutes.',
  () => 'All done: could you try again and let me know if it works?',
  () => 'Glad I could help! Anything else I can do for you today?',
];

/** What a colleague writes to the viewer out of the blue (the demo's "a message every minute or so"). */
export function chatterLine(random: Random): string {
  return random.pick([
    'Are you around later for a quick sync?',
    'FYI: the deck for Thursday is in the shared folder.',
    'Lunch at 12:30 with the team — you in?',
    'Could you have a look at my comments on the proposal when you get a chance?',
    'Thanks for your help yesterday, it worked!',
    'Heads-up: the printer on floor 2 is broken again.',
    'Did the customer get back to you about the contract?',
    'Small favour: can you approve my expense report?',
  ]);
}

export interface ReplyContext {
  /** First name of the colleague answering. */
  first: string;
  /** How many messages this colleague already answered in this conversation. */
  turn: number;
  /** The message came from the support portal's visitor. */
  fromVisitor: boolean;
  /** The colleague is busy (dnd). */
  busy: boolean;
  /** The message waited while the colleague was offline. */
  late: boolean;
}

/** A canned reply that fits the message and the situation. */
export function replyTo(body: string, ctx: ReplyContext, random: Random): string {
  if (ctx.fromVisitor) return SUPPORT[Math.min(ctx.turn, SUPPORT.length - 1)]!(ctx.first);
  let reply: string;
  if (ctx.busy) reply = random.pick(BUSY);
  else if (/\b(call|meet|meeting|join|invite)\b/i.test(body)) reply = random.pick(MEETINGS);
  else if (body.includes('?')) reply = random.pick(ANSWERS);
  else reply = random.pick(ACKS);
  if (ctx.turn === 0 && !ctx.busy && random.next() < 0.4) reply = `Hi Alex! ${reply}`;
  return ctx.late ? `Sorry, only just saw this. ${reply}` : reply;
}
