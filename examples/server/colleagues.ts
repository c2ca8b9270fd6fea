/**
 * Simulated colleagues, each a real `@presently/core` client logged in to the demo's Prosody: they
 * come and go, go idle (XEP-0319), set "do not disturb" with a status text, and answer chats with a
 * canned reply after showing that they type (XEP-0085). Choices come from a seeded random source so
 * runs replay; timing is real time.
 */
import { createPresenceClient, type ChatMessage, type OwnPresence, type OwnShow, type PresenceClient } from '@presently/core';
import { availableStatus, awayStatus, busyStatus, chatterLine, extendedAwayStatus, replyTo } from './lines.js';
import { hashSeed, seededRandom, type Random } from './random.js';

export interface ColleagueSpec {
  username: string;
  password: string;
  name: string;
  office: string;
  start: OwnShow | 'offline';
  /** Never logs out. */
  steady?: boolean;
  /** Sent to the viewer once, some time after the start, while the viewer is available. */
  nudge?: { text: string; afterMs: number };
}

export interface ColleaguesOptions {
  /** Where the colleagues connect: `xmpp://127.0.0.1:PORT` (Node) or a `ws://` URL. */
  service: string;
  domain: string;
  people: ColleagueSpec[];
  seed: number;
  /** The person at the keyboard: colleagues answer them and nudge them. */
  viewerJid: string;
  /** The support portal's visitor: support agents answer them. */
  visitorJid: string;
  /** Time between two changes among these colleagues, in ms. Default 3–7 s. */
  tickMs?: [min: number, max: number];
  /**
   * Time between two messages one of these colleagues writes to the viewer unprompted, in ms (the first after
   * one such wait). Default 3–5 min per office: with four offices, a message every minute or so. `false`: never.
   */
  chatterMs?: [min: number, max: number] | false;
  /** Logins at once during start-up. Default 4. */
  loginConcurrency?: number;
  onEvent?: (text: string) => void;
}

export interface Colleagues {
  /** How many are logged in right now. */
  readonly online: number;
  stop(): Promise<void>;
}

type State = { show: OwnShow | 'offline'; status?: string; idleSince?: Date };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const minutesAgo = (m: number): Date => new Date(Date.now() - m * 60_000);

class Colleague {
  readonly jid: string;
  readonly first: string;
  readonly client: PresenceClient;
  readonly random: Random;
  state: State = { show: 'offline' };
  /** Until then the scheduler leaves this colleague alone: they are in a conversation. */
  talkingUntil = 0;
  #queue: Promise<void> = Promise.resolve();
  #turns = new Map<string, number>();
  #stopped = false;

  constructor(
    readonly spec: ColleagueSpec,
    readonly options: ColleaguesOptions,
  ) {
    this.jid = `${spec.username}@${options.domain}`;
    this.first = spec.name.split(' ')[0]!;
    this.random = seededRandom(hashSeed(spec.username, options.seed));
    this.client = createPresenceClient({
      service: options.service,
      jid: this.jid,
      password: spec.password,
      resource: 'desk',
      // Colleagues connect on loopback; after a server restart they come back quickly.
      reconnect: { minDelayMs: 500, maxDelayMs: 5000 },
    });
    // Problems of one simulated person must never take the demo down.
    this.client.on('error', (e) => options.onEvent?.(`${spec.username}: ${e.code} ${e.message}`));
    this.client.on('message', (m) => this.#onMessage(m));
  }

  get online(): boolean {
    return this.state.show !== 'offline';
  }

  /** Runs one thing at a time per colleague: a presence change never interleaves with a reply. */
  run(task: () => Promise<void>): Promise<void> {
    const next = this.#queue
      .then(() => (this.#stopped ? undefined : task()))
      .catch((e: unknown) => {
        this.options.onEvent?.(`${this.spec.username}: ${e instanceof Error ? e.message : String(e)}`);
      });
    this.#queue = next;
    return next;
  }

  async become(next: State): Promise<void> {
    const was = this.state.show;
    this.state = next;
    if (next.show === 'offline') {
      if (was !== 'offline') await this.client.stop();
      this.options.onEvent?.(`${this.spec.name} logged out`);
      return;
    }
    const presence: OwnPresence = { show: next.show };
    if (next.status) presence.status = next.status;
    if (next.idleSince) presence.idleSince = next.idleSince;
    await this.client.setPresence(presence);
    if (was === 'offline') {
      try {
        await this.client.start();
      } catch (e) {
        this.state = { show: 'offline' };
        throw e;
      }
    }
    this.options.onEvent?.(`${this.spec.name}: ${next.show}${next.status ? ` — ${next.status}` : ''}${next.idleSince ? ' (idle)' : ''}`);
  }

  /** The first state, from the company data. */
  initialState(): State {
    const office = this.spec.office;
    switch (this.spec.start) {
      case 'away':
        return { show: 'away', idleSince: minutesAgo(this.random.int(4, 40)), ...opt('status', awayStatus(this.random)) };
      case 'xa':
        return { show: 'xa', status: extendedAwayStatus(this.random), idleSince: minutesAgo(this.random.int(90, 300)) };
      case 'dnd':
        return { show: 'dnd', status: busyStatus(this.random) };
      case 'offline':
        return { show: 'offline' };
      default:
        return { show: this.spec.start, ...opt('status', availableStatus(this.random, office)) };
    }
  }

  /** One step of a small Markov chain over presence states. */
  nextState(random: Random): State {
    const office = this.spec.office;
    const stay = this.spec.steady ? 0 : 1;
    switch (this.state.show) {
      case 'offline':
        return { show: 'available', ...opt('status', availableStatus(random, office)) };
      case 'away': {
        const to = random.weighted({ available: 6, offline: 2 * stay, xa: 0.5 });
        if (to === 'xa') return { show: 'xa', status: extendedAwayStatus(random), idleSince: this.state.idleSince ?? minutesAgo(30) };
        return to === 'offline' ? { show: 'offline' } : { show: 'available', ...opt('status', availableStatus(random, office)) };
      }
      case 'xa':
        return random.weighted({ available: 5, offline: 3 * stay }) === 'offline' ? { show: 'offline' } : { show: 'available' };
      case 'dnd':
        return random.weighted({ available: 7, away: 1 }) === 'away'
          ? { show: 'away', idleSince: minutesAgo(random.int(1, 5)) }
          : { show: 'available', ...opt('status', availableStatus(random, office)) };
      default: {
        const to = random.weighted({ away: 3, dnd: 2.5, offline: 1.5 * stay, status: 2 });
        if (to === 'away') return { show: 'away', idleSince: minutesAgo(random.int(1, 10)), ...opt('status', awayStatus(random)) };
        if (to === 'dnd') return { show: 'dnd', status: busyStatus(random) };
        if (to === 'offline') return { show: 'offline' };
        return { show: 'available', ...opt('status', availableStatus(random, office)) };
      }
    }
  }

  /** Types for a while (composing → paused → composing), then sends. */
  async typeAndSend(to: string, text: string): Promise<void> {
    const typing = Math.min(3000, Math.max(1000, text.length * 35)) + this.random.int(0, 400);
    this.#chatState(to, 'composing');
    if (typing > 2200) {
      await sleep(typing * 0.5);
      this.#chatState(to, 'paused');
      await sleep(500);
      this.#chatState(to, 'composing');
      await sleep(typing * 0.5 - 500);
    } else {
      await sleep(typing);
    }
    if (this.#stopped || !this.online) return;
    await this.client.sendMessage(to, text);
  }

  /**
   * Writes to the viewer unprompted while the viewer is signed in (whatever their status: during "do not
   * disturb" the message should wait quietly in their unread count, which the demo shows). True when sent.
   */
  async chatter(random: Random): Promise<boolean> {
    const viewer = this.client.presenceOf(this.options.viewerJid).show;
    if (!this.online || this.state.show === 'dnd' || viewer === 'offline' || viewer === 'unknown') return false;
    this.talkingUntil = Date.now() + 60_000;
    await this.typeAndSend(this.options.viewerJid, chatterLine(random));
    this.options.onEvent?.(`${this.spec.name} wrote to the viewer`);
    return true;
  }

  /** Sends the nudge if the viewer is around and not busy; true when sent. */
  async nudge(): Promise<boolean> {
    const viewer = this.client.presenceOf(this.options.viewerJid).show;
    // Already talking with the viewer: the question was answered there; no nudge.
    if (!this.spec.nudge || this.#turns.has(this.options.viewerJid)) return true;
    if (!this.online || this.state.show === 'dnd' || (viewer !== 'available' && viewer !== 'chat')) return false;
    if (this.state.show !== 'available') await this.become({ show: 'available' });
    this.talkingUntil = Date.now() + 60_000;
    await this.typeAndSend(this.options.viewerJid, this.spec.nudge.text);
    this.options.onEvent?.(`${this.spec.name} nudged the viewer`);
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.online) await this.client.stop().catch(() => {});
    this.state = { show: 'offline' };
  }

  #chatState(to: string, state: 'composing' | 'paused'): void {
    this.client.sendChatState(to, state).catch(() => {
      // Not connected right now: the message itself is queued, the typing hint is not worth it.
    });
  }

  #onMessage(m: ChatMessage): void {
    if (m.direction !== 'in' || m.archived) return;
    const fromVisitor = m.from === this.options.visitorJid;
    if (m.from !== this.options.viewerJid && !fromVisitor) return;
    const late = m.delayed === true;
    if (late && Date.now() - m.timestamp.getTime() > 15 * 60_000) return;
    this.talkingUntil = Date.now() + 90_000;
    void this.run(async () => {
      await sleep(this.random.int(300, 800)); // reads it
      if (!this.online) return;
      // Someone away comes back to the keyboard to answer.
      if (this.state.show === 'away' || this.state.show === 'xa') await this.become({ show: 'available' });
      const turn = this.#turns.get(m.from) ?? 0;
      this.#turns.set(m.from, turn + 1);
      const text = replyTo(m.body, { first: this.first, turn, fromVisitor, busy: this.state.show === 'dnd', late }, this.random);
      await this.typeAndSend(m.from, text);
      this.options.onEvent?.(`${this.spec.name} replied to ${m.from}`);
    });
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Logs the colleagues in (a few at a time) and keeps them busy until `stop()`. */
export async function startColleagues(options: ColleaguesOptions): Promise<Colleagues> {
  const random = seededRandom(options.seed);
  const people = options.people.map((spec) => new Colleague(spec, options));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };

  // Log in the ones who start online, a few at a time: 2 cores are shared with Prosody and Chromium.
  const initial = people.filter((c) => c.spec.start !== 'offline');
  const concurrency = options.loginConcurrency ?? 4;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, initial.length) }, async () => {
      while (next < initial.length) {
        const c = initial[next++]!;
        await c.run(() => c.become(c.initialState()));
      }
    }),
  );

  const [tickMin, tickMax] = options.tickMs ?? [3000, 7000];
  const tick = (): void => {
    const now = Date.now();
    const candidates = people.filter((c) => c.talkingUntil < now);
    if (candidates.length) {
      const c = random.pick(candidates);
      const state = c.nextState(random);
      void c.run(() => c.become(state));
    }
    later(random.int(tickMin, tickMax), tick);
  };
  later(random.int(tickMin, tickMax), tick);

  for (const c of people) {
    const nudge = c.spec.nudge;
    if (!nudge) continue;
    const tryNudge = (): void => {
      void c.run(async () => {
        // Not now (viewer away or busy, or we are offline): try again in a while.
        if (!(await c.nudge())) later(random.int(20_000, 40_000), tryNudge);
      });
    };
    later(nudge.afterMs, tryNudge);
  }

  const chatterMs = options.chatterMs ?? [180_000, 300_000];
  if (chatterMs) {
    const chatter = (): void => {
      const now = Date.now();
      // Those with a mail for you ask about it (their nudge) instead: one reason to write at a time.
      const free = people.filter((c) => !c.spec.nudge && c.online && c.talkingUntil < now && c.state.show !== 'dnd');
      if (free.length) {
        const c = random.pick(free);
        void c.run(async () => void (await c.chatter(random)));
      }
      later(random.int(...chatterMs), chatter);
    };
    later(random.int(...chatterMs), chatter);
  }

  return {
    get online() {
      return people.filter((c) => c.online).length;
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(people.map((c) => c.stop()));
    },
  };
}
