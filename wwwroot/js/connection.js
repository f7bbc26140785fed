// The SignalR connection to /hubs/chat and how it comes back: SignalR's automatic reconnect for
// short drops, then fresh connections (for ever, with growing pauses) once that gives up, e.g.
// while the server restarts. Every new connection gets a new guest nick, History and Users, and is
// in the default room only: the page joins its other rooms again itself.

const { signalR } = globalThis;

// Automatic reconnect: quick at first, for about a minute.
const RECONNECT_DELAYS_MS = [0, 1000, 2000, 5000, 10000];
const RECONNECT_WINDOW_MS = 60_000;
// After that, and when the first start fails: fresh connections, pausing up to 30 s between them.
const FRESH_DELAYS_MS = [1000, 2000, 5000, 10000, 20000, 30000];

export class ChatConnection {
  #hub;
  #stateListeners = [];
  #freshAttempts = 0;
  #timer = 0;
  #leaving = false;
  #state = "connecting";

  constructor(url) {
    this.#hub = new signalR.HubConnectionBuilder()
      .withUrl(url)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) =>
          context.elapsedMilliseconds < RECONNECT_WINDOW_MS
            ? RECONNECT_DELAYS_MS[Math.min(context.previousRetryCount, RECONNECT_DELAYS_MS.length - 1)]
            : null,
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    this.#hub.onreconnecting(() => this.#setState("reconnecting"));
    this.#hub.onreconnected(() => this.#setState("connected"));
    this.#hub.onclose(() => this.#closed());
    globalThis.addEventListener("online", () => this.reconnectNow());
  }

  get state() {
    return this.#state;
  }

  get connected() {
    return this.#state === "connected";
  }

  /** Registers a handler for a server-to-client method (Message, History, Users, Nickname, Notice). */
  on(method, handler) {
    this.#hub.on(method, handler);
  }

  /** Called with (state, detail) on every change: connecting, connected, reconnecting, offline, left. */
  onState(listener) {
    this.#stateListeners.push(listener);
  }

  start() {
    return this.#startFresh();
  }

  /** A line in the default room, with the meaning it has on TCP. Rejects with the server's reason. */
  send(text) {
    return this.#line(text, () => this.#hub.invoke("Send", text));
  }

  /** A line in another room this connection has joined, with the meaning it has there. */
  sendTo(room, text) {
    return this.#line(text, () => this.#hub.invoke("SendTo", room, text));
  }

  setNick(nick) {
    return this.#hub.invoke("SetNick", nick);
  }

  /** Joins a room; resolves with its recent history, oldest first. */
  join(room) {
    return this.#hub.invoke("Join", room);
  }

  leave(room) {
    return this.#hub.invoke("Leave", room);
  }

  /** Every room, [{ name, count }]. */
  rooms() {
    return this.#hub.invoke("GetRooms");
  }

  /** Who is in a room, [{ nick, source }]. */
  roomUsers(room) {
    return this.#hub.invoke("GetRoomUsers", room);
  }

  /** Skips the wait before the next attempt (the button, or the browser coming back online). */
  reconnectNow() {
    if (this.#hub.state !== signalR.HubConnectionState.Disconnected) {
      return;
    }
    this.#leaving = false;
    this.#startFresh();
  }

  #line(text, invoke) {
    if (/^\/quit(\s|$)/i.test(text.trim())) {
      this.#leaving = true; // the server will close this connection: do not come straight back
    }
    return invoke().catch((error) => {
      this.#leaving = false;
      throw error;
    });
  }

  async #startFresh() {
    clearTimeout(this.#timer);
    this.#setState(this.#state === "connecting" ? "connecting" : "reconnecting");
    try {
      await this.#hub.start();
      this.#freshAttempts = 0;
      this.#setState("connected");
    } catch {
      if (this.#hub.state === signalR.HubConnectionState.Disconnected) {
        this.#retryLater();
      }
    }
  }

  #closed() {
    if (this.#leaving) {
      this.#setState("left");
      return;
    }
    this.#retryLater();
  }

  #retryLater() {
    const delay = FRESH_DELAYS_MS[Math.min(this.#freshAttempts, FRESH_DELAYS_MS.length - 1)];
    this.#freshAttempts += 1;
    this.#setState("offline", { retryAt: Date.now() + delay });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#startFresh(), delay);
  }

  #setState(state, detail = {}) {
    this.#state = state;
    for (const listener of this.#stateListeners) {
      listener(state, detail);
    }
  }
}

/** An error that carries a reason to show as it is (the page's own refusals). */
export function refusal(reason) {
  const error = new Error(reason);
  error.reason = reason;
  return error;
}

/** The reason a hub call failed, as the server said it (HubException), or a plain description. */
export function failureText(error) {
  if (typeof error?.reason === "string") {
    return error.reason;
  }
  const message = String(error?.message ?? error ?? "");
  const marker = "HubException: ";
  const at = message.indexOf(marker);
  if (at >= 0) {
    return message.slice(at + marker.length);
  }
  return "The connection was lost before the server answered.";
}
