/**
 * French (`fr`). Import once, then `setLocale('fr')` or `<html lang="fr">`:
 * `import '@presently/elements/locales/fr.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, durationIn, unitIn } from './intl.js';

const ago = agoIn('fr');
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
  },
  chat: {
    title: (name) => `Discussion avec ${name}`,
    close: 'Fermer la discussion',
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
    clearOptions: { never: 'Ne pas effacer', hour: unitIn('fr', 'hour', 1), today: 'Fin de la journée' },
    save: 'Définir le statut',
    clear: 'Effacer le statut',
  },
} satisfies LocaleStrings;

registerLocale('fr', fr);
