import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { everyMinute } from '../internal/clock.js';

/** Re-renders its host once a minute, on the page's one shared ticker, while connected. */
export class ClockController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private stop: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = everyMinute(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
