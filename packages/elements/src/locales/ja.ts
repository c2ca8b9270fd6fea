/**
 * Japanese (`ja`). Import once, then `setLocale('ja')` or `<html lang="ja">`:
 * `import '@presently/elements/locales/ja.js'`.
 */
import { registerLocale, type LocaleStrings } from '../locale.js';
import { agoIn, countIn, durationIn, unitIn } from './intl.js';

const ago = agoIn('ja');
const unread = countIn('ja', { other: '未読#件' });

export const ja = {
  show: {
    available: '対応可能',
    chat: '対応可能',
    away: '離席中',
    xa: '長時間離席中',
    dnd: '取り込み中',
    offline: 'オフライン',
    unknown: '不明',
    invalid: '無効なアドレス',
  },
  presenceLabel: (name, show, status) => (status ? `${name}：${show}（${status}）` : `${name}：${show}`),
  errors: { invalidJid: (jid) => `無効なアドレスです：${jid}` },
  duration: durationIn('ja'),
  idleFor: (show, duration) => `${show} · ${duration}`,
  lastSeen: (_duration, ms = 0) => `最終オンライン：${ago(ms)}`,
  localTime: (time) => `現地時刻 ${time}`,
  separator: ' · ',
  typing: (name) => `${name}さんが入力中…`,
  chatButton: {
    chat: 'チャット',
    busy: '取り込み中 — メッセージを送る',
    leaveMessage: 'メッセージを残す',
    label: (label, name) => `${label}（${name}さん）`,
    awayHint: (name) => `${name}さんは離席中です。返信が遅れる場合があります`,
    withUnread: (accessibleName, count) => `${accessibleName}、${unread(count)}`,
    notifyMe: '対応可能になったら通知',
    notifyMeLabel: (name) => `${name}さんが対応可能になったら通知`,
  },
  chat: {
    title: (name) => `${name}さんとのチャット`,
    close: 'チャットを閉じる',
    state: (show, status) => (status ? `${show}（${status}）` : show),
    you: '自分',
    send: '送信',
    inputLabel: (name) => `${name}さんへのメッセージ`,
    placeholder: 'メッセージを入力…',
    logLabel: (name) => `${name}さんとの会話`,
    sending: '送信中…',
    sent: '送信済み',
    delivered: '配信済み',
    failed: '未送信',
    retry: '再送信',
  },
  statusPicker: {
    legend: 'あなたのステータス',
    current: (show, status) => (status ? `${show}（${status}）` : show),
    until: (time) => `${time}まで`,
    show: '在席状況',
    status: 'ステータスメッセージ',
    statusPlaceholder: '今の状況を入力',
    clearAfter: '自動クリア',
    clearOptions: {
      never: 'クリアしない',
      'half-hour': unitIn('ja', 'minute', 30),
      hour: unitIn('ja', 'hour', 1),
      'four-hours': unitIn('ja', 'hour', 4),
      today: '今日',
      week: '今週',
      custom: '日時を指定…',
    },
    clearAt: 'クリアする日時',
    clearAtPast: '未来の日時を選択してください。',
    keepStatus: '対応可能に戻してもステータスメッセージを残す',
    save: 'ステータスを設定',
    clear: 'ステータスをクリア',
  },
  inbox: {
    heading: '未読メッセージ',
    empty: '未読メッセージはありません',
    entry: (name, count, time, text) => `${name}さん、${unread(count)}、${time}：${text}`,
  },
  notices: {
    message: (name) => `${name}さんからの新着メッセージ`,
    available: (name) => `${name}さんが対応可能になりました`,
    region: '通知',
    open: 'チャットを開く',
    dismiss: '閉じる',
  },
} satisfies LocaleStrings;

registerLocale('ja', ja);
