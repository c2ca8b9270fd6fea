/**
 * Spanish (`es`). Import once, then `setLocale('es')` or `<html lang="es">`:
 * `import '@presently/elements/locales/es.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, countIn, durationIn, unitIn } from './intl.js';

const ago = agoIn('es');
const unread = countIn('es', { one: '# mensaje no leído', other: '# mensajes no leídos' });

export const es = {
  show: {
    available: 'Disponible',
    chat: 'Disponible',
    away: 'Ausente',
    xa: 'Ausente por un tiempo',
    dnd: 'No molestar',
    offline: 'Desconectado',
    unknown: 'Desconocido',
    invalid: 'Dirección no válida',
  },
  presenceLabel: (name, show, status) => (status ? `${name}: ${show} — ${status}` : `${name}: ${show}`),
  errors: { invalidJid: (jid) => `Dirección no válida: ${jid}` },
  duration: durationIn('es'),
  idleFor: (show, duration) => `${show} · ${duration}`,
  lastSeen: (_duration, ms = 0) => `Visto ${ago(ms)}`,
  localTime: (time) => `${time} hora local`,
  separator: ' · ',
  typing: (name) => `${name} está escribiendo…`,
  chatButton: {
    chat: 'Chatear',
    busy: 'Ocupado — escribir de todos modos',
    leaveMessage: 'Dejar un mensaje',
    label: (label, name) => `${label} — ${name}`,
    awayHint: (name) => `${name} está ausente y puede responder más tarde`,
    withUnread: (accessibleName, count) => `${accessibleName}, ${unread(count)}`,
    notifyMe: 'Avisarme cuando esté disponible',
    notifyMeLabel: (name) => `Avisarme cuando ${name} esté disponible`,
  },
  chat: {
    title: (name) => `Chat con ${name}`,
    close: 'Cerrar chat',
    state: (show, status) => (status ? `${show} — ${status}` : show),
    you: 'Tú',
    send: 'Enviar',
    inputLabel: (name) => `Mensaje para ${name}`,
    placeholder: 'Escribe un mensaje…',
    logLabel: (name) => `Conversación con ${name}`,
    sending: 'Enviando…',
    sent: 'Enviado',
    delivered: 'Entregado',
    failed: 'No enviado',
    retry: 'Reintentar',
  },
  statusPicker: {
    legend: 'Tu estado',
    current: (show, status) => (status ? `${show} — ${status}` : show),
    until: (time) => `hasta ${time}`,
    show: 'Disponibilidad',
    status: 'Mensaje de estado',
    statusPlaceholder: '¿Cuál es tu estado?',
    clearAfter: 'Borrar después de',
    clearOptions: {
      never: 'No borrar',
      'half-hour': unitIn('es', 'minute', 30),
      hour: unitIn('es', 'hour', 1),
      'four-hours': unitIn('es', 'hour', 4),
      today: 'Hoy',
      week: 'Esta semana',
      custom: 'Elegir fecha y hora…',
    },
    clearAt: 'Fecha y hora de borrado',
    clearAtPast: 'Elige un momento en el futuro.',
    keepStatus: 'Conservar el mensaje de estado al volver a estar disponible',
    save: 'Establecer estado',
    clear: 'Borrar estado',
  },
  inbox: {
    heading: 'Mensajes no leídos',
    empty: 'No hay mensajes no leídos',
    entry: (name, count, time, text) => `${name}, ${unread(count)}, ${time}: ${text}`,
  },
  notices: {
    message: (name) => `Nuevo mensaje de ${name}`,
    available: (name) => `${name} ya está disponible`,
    region: 'Notificaciones',
    open: 'Abrir chat',
    dismiss: 'Cerrar',
  },
} satisfies LocaleStrings;

registerLocale('es', es);
