import { html, nothing } from 'lit/html.js';
import type { PropertyDeclarations } from '@lit/reactive-element';
import { DetailsController } from '../controllers/details-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { ContactLitElement } from '../internal/lit-element.js';
import { avatarColor, cut, initials, NAME_MAX, STATUS_MAX } from '../internal/text.js';
import { since, timeAtOffset } from '../internal/time.js';
import { strings } from '../strings.js';
import './badge.strings.js';
import { shapeStyles } from '../dot/shapes.js';
import { shapeNode } from '../internal/shape-node.js';
import { badgeStyles } from './badge.styles.js';
import { hostStyles } from '../internal/host.styles.js';

/** Layouts of {@link PresentlyBadge}. */
export type BadgeLayout = 'compact' | 'full';

/**
 * A contact card: avatar (vCard photo, else initials), name, presence dot, status text, how long
 * they have been away or when they were last seen, and their local time. In `full` the three lines
 * are always there (an empty status line included), so a card doesn't grow when details arrive.
 *
 * @summary Who a contact is and whether they can be reached, in one line or three.
 * @tagname presently-badge
 *
 * @csspart base - The row holding avatar and text.
 * @csspart avatar - The avatar circle (photo or initials).
 * @csspart dot - The presence shape: on the avatar's corner in `full`, beside the avatar in `compact`.
 * @csspart name - The display name.
 * @csspart status - The status text.
 * @csspart meta - "Away · 25 min", "Last seen 2 h ago", "4:12 PM local" (hidden in `compact`).
 *
 * @cssprop --presently-badge-color - Text colour. Default: inherited.
 * @cssprop --presently-color-text-muted - Colour of status and meta text.
 * @cssprop --presently-badge-gap - Space between avatar and text. Default `0.625rem`.
 * @cssprop --presently-badge-avatar-size - Avatar diameter in `full`. Default `2.5rem`.
 * @cssprop --presently-badge-avatar-size-compact - Avatar diameter in `compact`. Default `1.5rem`.
 * @cssprop --presently-badge-avatar-radius - Avatar corner radius. Default `50%`.
 * @cssprop --presently-badge-dot-size - Size of the dot on the avatar. Default `0.75rem`.
 * @cssprop --presently-badge-dot-ring-color - Ring around the dot. Default `Canvas`.
 * @cssprop --presently-badge-name-weight - Font weight of the name. Default `600`.
 * @cssprop --presently-badge-detail-font-size - Font size of status and meta. Default `0.875em`.
 *
 * @fires presently-error - `jid` is not a valid JID. `detail: { code: 'invalid-jid', message }`.
 */
export class PresentlyBadge extends ContactLitElement {
  static override properties: PropertyDeclarations = { layout: { reflect: true } };
  static override styles = [hostStyles, shapeStyles, badgeStyles];
  private readonly shape = shapeNode();

  /** `full` (default: name, status, meta on separate lines) or `compact` (one line). */
  declare layout: BadgeLayout;

  protected readonly details = new DetailsController(this, {
    client: () => this.clientController.value,
    jid: () => this.contactJid,
  });

  constructor() {
    super();
    this.layout = 'full';
    new ClockController(this);
  }

  protected override get fullName(): string {
    return this.presence.value.name || this.details.value?.name || super.fullName;
  }

  /** The facts line: "Away · 25 min", "Last seen 2 h ago", "4:12 PM local". */
  private meta(): string {
    const show = this.show;
    const p = this.presence.value;
    const now = Date.now();
    const parts: string[] = [];
    if (show === 'offline') {
      const ago = since(p.lastSeen ?? this.details.value?.lastSeen, now);
      parts.push(ago === undefined ? strings.show.offline : strings.lastSeen(strings.duration(ago), ago));
    } else {
      const idle = show === 'invalid' || show === 'unknown' ? undefined : since(p.idleSince, now);
      parts.push(idle === undefined ? strings.show[show] : strings.idleFor(strings.show[show], strings.duration(idle)));
    }
    const tz = this.details.value?.tzOffsetMinutes;
    if (typeof tz === 'number' && Number.isFinite(tz) && show !== 'invalid') {
      const time = timeAtOffset(now, tz);
      if (time) parts.push(strings.localTime(time));
    }
    return parts.join(strings.separator);
  }

  protected override render() {
    const jid = this.contactJid ?? '';
    const name = this.fullName || strings.show.unknown;
    const status = this.show === 'invalid' ? undefined : this.presence.value.status;
    const avatar = this.details.value?.avatar;
    const photo = typeof avatar === 'string' && /^data:image\//i.test(avatar) ? avatar : undefined;
    const meta = this.meta();
    const face = photo ? html`<img class="photo" src=${photo} alt="" />` : html`<span class="initials">${initials(name)}</span>`;
    // No whitespace between tags: a directory clones this thousands of times, text nodes included. Lines break
    // inside tags only, where whitespace makes no node.
    // The dot sits on the avatar's corner in `full`, beside it in `compact` (where it would cover the initials).
    const dot = this.shape(this.show);
    return html`<div part="base" title=${strings.presenceLabel(name, meta, status)}><span class="face" aria-hidden="true"><span
      part="avatar" data-color=${photo ? nothing : avatarColor(jid || name)}>${face}</span><span class="avatar-dot">${dot}</span></span
      ><span class="text"><span part="name">${cut(name, NAME_MAX)}</span><span part="status">${cut(status, STATUS_MAX)}</span><span
      part="meta">${meta}</span></span></div>`;
  }
}
