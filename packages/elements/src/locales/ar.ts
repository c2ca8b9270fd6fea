/**
 * Arabic (`ar`), written right to left: the elements lay out with logical CSS properties, so a page (or an ancestor)
 * with `dir="rtl"` mirrors them. Names and status messages from the network are isolated (FSI … PDI) so a Latin
 * name keeps the Arabic sentence around it in order. Import once, then `setLocale('ar')` or `<html lang="ar">`:
 * `import '@presently/elements/locales/ar.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, countIn, durationIn, isolate, unitIn } from './intl.js';

const ago = agoIn('ar');
const unread = countIn('ar', {
  zero: 'لا رسائل غير مقروءة',
  one: 'رسالة واحدة غير مقروءة',
  two: 'رسالتان غير مقروءتين',
  few: '# رسائل غير مقروءة',
  other: '# رسالة غير مقروءة',
});

export const ar = {
  show: {
    available: 'متاح',
    chat: 'متاح',
    away: 'بالخارج',
    xa: 'بالخارج لفترة',
    dnd: 'عدم الإزعاج',
    offline: 'غير متصل',
    unknown: 'غير معروف',
    invalid: 'عنوان غير صالح',
  },
  presenceLabel: (name, show, status) => (status ? `${isolate(name)}: ${show} — ${isolate(status)}` : `${isolate(name)}: ${show}`),
  errors: { invalidJid: (jid) => `عنوان غير صالح: ${isolate(jid)}` },
  duration: durationIn('ar'),
  idleFor: (show, duration) => `${show} · ${duration}`,
  lastSeen: (_duration, ms = 0) => `آخر ظهور ${ago(ms)}`,
  localTime: (time) => `${time} بالتوقيت المحلي`,
  separator: ' · ',
  typing: (name) => `${isolate(name)} يكتب…`,
  chatButton: {
    chat: 'دردشة',
    busy: 'مشغول — أرسل رسالة على أي حال',
    leaveMessage: 'اترك رسالة',
    label: (label, name) => `${label} — ${isolate(name)}`,
    awayHint: (name) => `${isolate(name)} بالخارج وقد يرد لاحقًا`,
    withUnread: (accessibleName, count) => `${accessibleName}، ${unread(count)}`,
    notifyMe: 'نبّهني عند التوفر',
    notifyMeLabel: (name) => `نبّهني عندما يصبح ${isolate(name)} متاحًا`,
  },
  chat: {
    title: (name) => `دردشة مع ${isolate(name)}`,
    close: 'إغلاق الدردشة',
    state: (show, status) => (status ? `${show} — ${isolate(status)}` : show),
    you: 'أنت',
    send: 'إرسال',
    inputLabel: (name) => `رسالة إلى ${isolate(name)}`,
    placeholder: 'اكتب رسالة…',
    logLabel: (name) => `محادثة مع ${isolate(name)}`,
    sending: 'جارٍ الإرسال…',
    sent: 'تم الإرسال',
    delivered: 'تم التسليم',
    failed: 'لم يُرسل',
    retry: 'إعادة المحاولة',
  },
  statusPicker: {
    legend: 'حالتك',
    current: (show, status) => (status ? `${show} — ${isolate(status)}` : show),
    until: (time) => `حتى ${time}`,
    show: 'التوفر',
    status: 'رسالة الحالة',
    statusPlaceholder: 'ما حالتك؟',
    clearAfter: 'المسح بعد',
    clearOptions: {
      never: 'عدم المسح',
      'half-hour': unitIn('ar', 'minute', 30),
      hour: unitIn('ar', 'hour', 1),
      'four-hours': unitIn('ar', 'hour', 4),
      today: 'اليوم',
      week: 'هذا الأسبوع',
      custom: 'اختيار التاريخ والوقت…',
    },
    clearAt: 'تاريخ ووقت المسح',
    clearAtPast: 'اختر وقتًا في المستقبل.',
    keepStatus: 'الاحتفاظ برسالة الحالة عند العودة إلى «متاح»',
    save: 'تعيين الحالة',
    clear: 'مسح الحالة',
  },
  inbox: {
    heading: 'الرسائل غير المقروءة',
    empty: 'لا توجد رسائل غير مقروءة',
    entry: (name, count, time, text) => `${isolate(name)}، ${unread(count)}، ${time}: ${isolate(text)}`,
  },
  notices: {
    message: (name) => `رسالة جديدة من ${isolate(name)}`,
    available: (name) => `${isolate(name)} متاح الآن`,
    region: 'الإشعارات',
    open: 'فتح الدردشة',
    dismiss: 'إغلاق',
  },
} satisfies LocaleStrings;

registerLocale('ar', ar);
