/**
 * French (`fr`). Import once, then `setLocale('fr')` or `<html lang="fr">`:
 * `import '@presently/elements/locales/fr.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, countIn, durationIn, unitIn } from './intl.js';

const ago = agoIn('fr');
const unread = countIn('fr', { one: '# message non lu', other: '# messages non lus' });
/** French puts a narrow no-break space before a colon. */
const colon = '\u202f:';

export const fr = {
  show: {
    available: 'Disponible',
    chat: 'Disponible',
    away: 'Absent',
    xa: 'Absent pour un moment',
    dnd: 'Ne pas déranger',
    offline: 'Hors ligne',
    unknown: 'Inconnu',
    invalid: 'Adresse non valide',
  },
  presenceLabel: (name, show, status) => (status ? `${name}${colon} ${show} — ${status}` : `${name}${colon} ${show}`),
  errors: { invalidJid: (jid) => `Adresse non valide${colon} ${jid}` },
  duration: durationIn('fr'),
  idleFor: (show, duration) => `${show} · ${duration}`,
  lastSeen: (_duration, ms = 0) => `Vu ${ago(ms)}`,
  localTime: (time) => `${time} (heure locale)`,
  separator: ' · ',
  typing: (name) => `${name} est en train d’écrire…`,
  chatButton: {
    chat: 'Discuter',
    busy: 'Occupé — écrire quand même',
    leaveMessage: 'Laisser un message',
    label: (label, name) => `${label} — ${name}`,
    awayHint: (name) => `${name} est absent et répondra peut-être plus tard`,
    withUnread: (accessibleName, count) => `${accessibleName}, ${unread(count)}`,
    notifyMe: 'Me prévenir quand disponible',
    notifyMeLabel: (name) => `Me prévenir quand ${name} sera disponible`,
  },
  chat: {
    title: (name) => `Discussion avec ${name}`,
    close: 'Fermer la discussion',
    state: (show, status) => (status ? `${show} — ${status}` : show),
    you: 'Vous',
    send: 'Envoyer',
    inputLabel: (name) => `Message à ${name}`,
    placeholder: 'Écrire un message…',
    logLabel: (name) => `Conversation avec ${name}`,
    sending: 'Envoi…',
    sent: 'Envoyé',
    delivered: 'Distribué',
    failed: 'Non envoyé',
    retry: 'Réessayer',
  },
  statusPicker: {
    legend: 'Votre statut',
    current: (show, status) => (status ? `${show} — ${status}` : show),
    until: (time) => `jusqu’à ${time}`,
    show: 'Disponibilité',
    status: 'Message de statut',
    statusPlaceholder: 'Quel est votre statut\u202f?',
    clearAfter: 'Effacer après',
    clearOptions: {
      never: 'Ne pas effacer',
      'half-hour': unitIn('fr', 'minute', 30),
      hour: unitIn('fr', 'hour', 1),
      'four-hours': unitIn('fr', 'hour', 4),
      today: 'Aujourd’hui',
      week: 'Cette semaine',
      custom: 'Choisir la date et l’heure…',
    },
    clearAt: 'Date et heure d’effacement',
    clearAtPast: 'Choisissez une date et une heure à venir.',
    keepStatus: 'Conserver le message de statut en redevenant disponible',
    save: 'Définir le statut',
    clear: 'Effacer le statut',
  },
  inbox: {
    heading: 'Messages non lus',
    empty: 'Aucun message non lu',
    entry: (name, count, time, text) => `${name}, ${unread(count)}, ${time}${colon} ${text}`,
  },
  notices: {
    message: (name) => `Nouveau message de ${name}`,
    available: (name) => `${name} est maintenant disponible`,
    region: 'Notifications',
    open: 'Ouvrir la discussion',
    dismiss: 'Fermer',
  },
} satisfies LocaleStrings;

registerLocale('fr', fr);
