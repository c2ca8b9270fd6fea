/**
 * German (`de`). Import once, then `setLocale('de')` or `<html lang="de">`:
 * `import '@presently/elements/locales/de.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, countIn, durationIn, unitIn } from './intl.js';

const ago = agoIn('de');
const unread = countIn('de', { one: '# ungelesene Nachricht', other: '# ungelesene Nachrichten' });

export const de = {
  show: {
    available: 'Verfügbar',
    chat: 'Verfügbar',
    away: 'Abwesend',
    xa: 'Länger abwesend',
    dnd: 'Bitte nicht stören',
    offline: 'Offline',
    unknown: 'Unbekannt',
    invalid: 'Ungültige Adresse',
  },
  presenceLabel: (name, show, status) => (status ? `${name}: ${show} – ${status}` : `${name}: ${show}`),
  errors: { invalidJid: (jid) => `Keine gültige Adresse: ${jid}` },
  duration: durationIn('de'),
  idleFor: (show, duration) => `${show} · ${duration}`,
  lastSeen: (_duration, ms = 0) => `Zuletzt online ${ago(ms)}`,
  localTime: (time) => `${time} Ortszeit`,
  separator: ' · ',
  typing: (name) => `${name} schreibt…`,
  chatButton: {
    chat: 'Chat',
    busy: 'Beschäftigt – trotzdem schreiben',
    leaveMessage: 'Nachricht hinterlassen',
    label: (label, name) => `${label} – ${name}`,
    awayHint: (name) => `${name} ist abwesend und antwortet vielleicht später`,
    withUnread: (accessibleName, count) => `${accessibleName}, ${unread(count)}`,
    notifyMe: 'Benachrichtigen, wenn verfügbar',
    notifyMeLabel: (name) => `Benachrichtigen, wenn ${name} verfügbar ist`,
  },
  chat: {
    title: (name) => `Chat mit ${name}`,
    close: 'Chat schließen',
    state: (show, status) => (status ? `${show} – ${status}` : show),
    you: 'Du',
    send: 'Senden',
    inputLabel: (name) => `Nachricht an ${name}`,
    placeholder: 'Nachricht schreiben…',
    logLabel: (name) => `Unterhaltung mit ${name}`,
    sending: 'Wird gesendet…',
    sent: 'Gesendet',
    delivered: 'Zugestellt',
    failed: 'Nicht gesendet',
    retry: 'Erneut senden',
  },
  statusPicker: {
    legend: 'Dein Status',
    current: (show, status) => (status ? `${show} – ${status}` : show),
    until: (time) => `bis ${time}`,
    show: 'Verfügbarkeit',
    status: 'Statusnachricht',
    statusPlaceholder: 'Was machst du gerade?',
    clearAfter: 'Zurücksetzen nach',
    clearOptions: {
      never: 'Nicht zurücksetzen',
      'half-hour': unitIn('de', 'minute', 30),
      hour: unitIn('de', 'hour', 1),
      'four-hours': unitIn('de', 'hour', 4),
      today: 'Heute',
      week: 'Diese Woche',
      custom: 'Datum und Uhrzeit wählen…',
    },
    clearAt: 'Zurücksetzen am',
    clearAtPast: 'Wähle einen Zeitpunkt in der Zukunft.',
    keepStatus: 'Statustext bei „Verfügbar“ behalten',
    save: 'Status setzen',
    clear: 'Status löschen',
  },
  inbox: {
    heading: 'Ungelesene Nachrichten',
    empty: 'Keine ungelesenen Nachrichten',
    entry: (name, count, time, text) => `${name}, ${unread(count)}, ${time}: ${text}`,
  },
  notices: {
    message: (name) => `Neue Nachricht von ${name}`,
    available: (name) => `${name} ist jetzt verfügbar`,
    region: 'Benachrichtigungen',
    open: 'Chat öffnen',
    dismiss: 'Schließen',
  },
} satisfies LocaleStrings;

registerLocale('de', de);
