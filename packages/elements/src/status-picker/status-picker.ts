import { html, nothing } from 'lit/html.js';
import type { PropertyValues } from '@lit/reactive-element';
import { isPresenceError, type OwnPresence, type OwnShow, type PresenceClient } from '@presently/core';
import { PresentlyLitElement } from '../internal/lit-element.js';
import { emit } from '../internal/events.js';
import { cut, STATUS_MAX } from '../internal/text.js';
import { strings, type ClearAfter, type DisplayShow } from '../strings.js';
import './status-picker.strings.js';
import { shapeStyles } from '../dot/shapes.js';
import { shapeNode } from '../internal/shape-node.js';
import { untilTime } from '../internal/time.js';
import { CLEAR_AFTER, clearUntil, toLocalInput } from './clear-after.js';
import { statusPickerStyles } from './status-picker.styles.js';
import { hostStyles } from '../internal/host.styles.js';

const SHOWS = ['available', 'away', 'dnd'] as const;
type PickerShow = (typeof SHOWS)[number];

function pickable(show: OwnShow | undefined): PickerShow {
  return show === 'away' || show === 'xa' ? 'away' : show === 'dnd' ? 'dnd' : 'available';
}

/**
 * Sets your own presence: availability (available, away, do not disturb), a status message and
 * an optional "clear after" (30 minutes, 1 hour, 4 hours, today, this week, or a date and time), passed
 * to the client as `setPresence({ until })`: the client ends the status itself, whether or not the picker
 * is still on the page. Shows what is set now, with "until 4:00 PM" (in the strings table's locale) when it
 * ends by itself. Switching back to Available empties the status message unless "Keep status text" is checked.
 *
 * @summary Lets the user set their own status.
 * @tagname presently-status-picker
 *
 * @csspart base - The fieldset.
 * @csspart current - The current presence (shape and text).
 * @csspart until - "until 4:00 PM" in the current presence, when it ends by itself.
 * @csspart dot - The shape of the current presence.
 * @csspart show-select - The availability `<select>`.
 * @csspart status-input - The status message `<input>`.
 * @csspart clear-after-select - The "clear after" `<select>`.
 * @csspart until-input - The `<input type="datetime-local">` shown for "Choose date and time…".
 * @csspart keep-checkbox - The "Keep status text when available" checkbox.
 * @csspart save-button - "Set status".
 * @csspart clear-button - "Clear status".
 *
 * @cssprop --presently-status-picker-color - Text colour. Default: inherited.
 * @cssprop --presently-status-picker-gap - Space between rows. Default `0.75rem`.
 * @cssprop --presently-status-picker-padding - Padding. Default `0`.
 * @cssprop --presently-status-picker-field-background - Field background. Default `Field`.
 * @cssprop --presently-status-picker-border-color - Field and button borders.
 * @cssprop --presently-status-picker-button-background - "Clear status" background. Default: the field background.
 * @cssprop --presently-status-picker-button-color - "Clear status" text. Default: inherited.
 * @cssprop --presently-status-picker-accent - "Set status" background. Default `#0b57d0`.
 * @cssprop --presently-status-picker-accent-color - "Set status" text. Default white.
 * @cssprop --presently-color-text-muted - Colour of the current presence text.
 * @cssprop --presently-color-focus - Focus ring colour.
 *
 * @fires presently-status-change - The user set or cleared their status. `detail: { show, status, clearAt? }`
 *   (`clearAt`: the `until` given to the client).
 * @fires presently-error - Setting the presence failed. `detail: { code, message }`.
 */
export class PresentlyStatusPicker extends PresentlyLitElement {
  static override styles = [hostStyles, shapeStyles, statusPickerStyles];
  private readonly shape = shapeNode();

  // The form's draft; not reactive properties (only the user's input changes it, and re-renders are explicit).
  private draftShow: PickerShow = 'available';
  private draftStatus = '';
  private draftClearAfter: ClearAfter = 'never';
  /** The date and time typed for `custom`, as the input's value ("2025-06-02T16:00"). */
  private draftClearAt = '';
  private keepStatus = false;
  private draftFrom: PresenceClient | undefined | null = null;
  private listening: { client: PresenceClient; off: () => void } | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listen(undefined);
  }

  protected override update(changed: PropertyValues): void {
    // After the client controller's hostUpdate: the draft starts from the client's own presence.
    const client = this.clientController.value;
    if (client !== this.draftFrom) {
      this.draftFrom = client;
      this.draftFromPresence(client?.ownPresence);
    }
    if (this.isConnected) this.listen(client);
    super.update(changed);
  }

  /** Start the form from our own presence as the client has it (e.g. after it ended by its `until`). */
  private draftFromPresence(own: OwnPresence | undefined): void {
    this.draftShow = pickable(own?.show);
    this.draftStatus = own?.status ?? '';
    if (!own?.until) this.draftClearAfter = 'never';
  }

  private listen(client: PresenceClient | undefined): void {
    if (this.listening?.client === client) return;
    this.listening?.off();
    this.listening = undefined;
    if (!client) return;
    const refresh = () => this.requestUpdate();
    // Set by any code, or ended by its `until`: the form follows.
    const onOwn = (own: OwnPresence) => {
      this.draftFromPresence(own);
      this.requestUpdate();
    };
    client.on('status', refresh).on('online', refresh).on('own-presence', onOwn);
    // Our own JID's entry follows every setPresence, so a second picker (or any other code) changing it shows here.
    let stopOwn = () => {};
    try {
      stopOwn = client.watch(client.jid, refresh);
    } catch {
      // a client without a usable own JID: status events still refresh us
    }
    this.listening = {
      client,
      off: () => {
        client.off('status', refresh).off('online', refresh).off('own-presence', onOwn);
        stopOwn();
      },
    };
  }

  protected override render() {
    const client = this.clientController.value;
    const own = client?.ownPresence;
    const current: DisplayShow = !client ? 'unknown' : client.status === 'online' ? (own?.show ?? 'available') : 'offline';
    const p = strings.statusPicker;
    const until = own?.until && current !== 'offline' ? untilTime(own.until) : '';
    return html`<form @submit=${this.onSubmit}>
      <fieldset part="base" ?disabled=${!client}>
        <legend>${p.legend}</legend>
        <div part="current" title=${p.current(strings.show[current], own?.status || undefined)}>
          ${this.shape(current)}<span>${p.current(strings.show[current], cut(own?.status, STATUS_MAX) || undefined)}</span>${
            until ? html` <span part="until">${p.until(until)}</span>` : nothing
          }
        </div>
        <label>${p.show}
          <select part="show-select" @change=${(e: Event) => this.draft({ show: (e.target as HTMLSelectElement).value as PickerShow })}>
            ${SHOWS.map((s) => html`<option value=${s} ?selected=${s === this.draftShow}>${strings.show[s]}</option>`)}
          </select>
        </label>
        <label>${p.status}
          <input part="status-input" type="text" maxlength="500" autocomplete="off" placeholder=${p.statusPlaceholder}
            .value=${this.draftStatus} @input=${(e: Event) => this.draft({ status: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="keep"><input part="keep-checkbox" type="checkbox" .checked=${this.keepStatus}
          @change=${(e: Event) => (this.keepStatus = (e.target as HTMLInputElement).checked)} />${p.keepStatus}</label>
        <label>${p.clearAfter}
          <select part="clear-after-select"
            @change=${(e: Event) => this.draft({ clearAfter: (e.target as HTMLSelectElement).value as ClearAfter })}>
            ${CLEAR_AFTER.map((c) => html`<option value=${c} ?selected=${c === this.draftClearAfter}>${p.clearOptions[c]}</option>`)}
          </select>
        </label>
        ${this.draftClearAfter === 'custom' ? this.renderClearAt() : nothing}
        <div class="actions">
          <button part="save-button" type="submit">${p.save}</button>
          <button part="clear-button" type="button" @click=${this.clearStatus}>${p.clear}</button>
        </div>
      </fieldset>
    </form>`;
  }

  /** The date and time input of "Choose date and time…", from now on. */
  private renderClearAt() {
    return html`<label>${strings.statusPicker.clearAt}
      <input part="until-input" type="datetime-local" required min=${toLocalInput(new Date())} .value=${this.draftClearAt}
        @input=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          input.setCustomValidity('');
          this.draftClearAt = input.value;
        }} />
    </label>`;
  }

  private draft(d: { show?: PickerShow; status?: string; clearAfter?: ClearAfter }): void {
    // Back to Available: a busy status message ("In a meeting") would be wrong now, unless the user keeps it; and
    // plain Available has nothing to clear later ("Available · until 4:00 PM" means nothing).
    if (d.show === 'available' && d.status === undefined && d.show !== this.draftShow && !this.keepStatus) {
      this.draftStatus = '';
      if (d.clearAfter === undefined) this.draftClearAfter = 'never';
    }
    if (d.show) this.draftShow = d.show;
    if (d.status !== undefined) this.draftStatus = d.status;
    if (d.clearAfter) this.draftClearAfter = d.clearAfter;
    this.requestUpdate();
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const custom = this.draftClearAfter === 'custom' ? this.customUntil() : undefined;
    if (custom === null) return;
    void this.apply(this.draftShow, this.draftStatus.trim(), this.draftClearAfter, custom);
  }

  /** The custom end as a Date, or null (and the input says why) when it is missing or not in the future. */
  private customUntil(): Date | null {
    const input = this.renderRoot.querySelector<HTMLInputElement>('[part="until-input"]');
    const at = new Date(this.draftClearAt);
    if (!input) return null;
    if (!Number.isNaN(at.getTime()) && at.getTime() > Date.now()) return at;
    // The browser's own message when it has one (empty, or before `min`); ours when `min` has gone stale.
    input.setCustomValidity(input.validity.valid ? strings.statusPicker.clearAtPast : '');
    input.reportValidity();
    return null;
  }

  private clearStatus(): void {
    this.draft({ show: 'available', status: '', clearAfter: 'never' });
    void this.apply('available', '', 'never');
  }

  /** Set our own presence; with a `clearAfter`, the client ends it at that time. */
  private async apply(show: PickerShow, status: string, clearAfter: ClearAfter, custom?: Date): Promise<void> {
    const client = this.clientController.value;
    if (!client) return;
    const until = clearUntil(clearAfter, new Date(), custom);
    try {
      await client.setPresence({ show, status, ...(until ? { until } : {}) });
    } catch (e) {
      emit(this, 'presently-error', {
        code: isPresenceError(e) ? e.code : 'set-presence-failed',
        message: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    this.requestUpdate();
    emit(this, 'presently-status-change', { show, status, ...(until ? { clearAt: until } : {}) });
  }
}
