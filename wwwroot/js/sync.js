// Keeps one room's timeline complete across reconnects. Each connection starts with History (the
// default room's last few messages) and each (re)join of another room returns that room's; after a
// reconnect, whatever the room heard in between is fetched by id from the history API before that
// history and the live messages that arrive meanwhile are shown. The timeline ignores ids it already
// shows, so nothing appears twice, and the gap fill runs to the present, so nothing is lost.

import { messagesAfter, PAGE_LIMIT } from "./api.js";

// A page coming back after a long time does not load an endless backlog.
const MAX_CATCH_UP_PAGES = 10;

export class MessageSync {
  #timeline;
  #room;
  #everLoaded = false;
  #catchUps = Promise.resolve();
  #pending = 0;
  #expected = 0;
  #held = [];

  /** `room`: the room's name for the history API, as a function (null: the default room). */
  constructor(timeline, room = () => null) {
    this.#timeline = timeline;
    this.#room = room;
  }

  /** A history is on its way (a Join was sent): live messages of the room wait for it. */
  expect() {
    this.#expected += 1;
    this.#pending += 1;
  }

  /** The history that was expected will not come (the join failed). */
  abandon() {
    this.#expected -= 1;
    this.#pending -= 1;
    this.#release();
  }

  /** The room's recent history, after every (re)connect or (re)join. */
  history(messages) {
    if (this.#expected > 0) {
      this.#expected -= 1;
    } else {
      this.#pending += 1;
    }
    // One catch-up at a time (a second reconnect can come before the first one's fetch returns);
    // live messages wait until the last one is done, and then follow in order.
    this.#catchUps = this.#catchUps
      .then(() => (this.#everLoaded ? this.#catchUp(messages) : undefined))
      .catch(() => {})
      .then(() => {
        this.#timeline.append(messages, { live: this.#everLoaded });
        this.#everLoaded = true;
        this.#pending -= 1;
        this.#release();
      });
  }

  /** A live message; held back while a gap is being filled so that order is kept. */
  message(message) {
    if (this.#pending > 0) {
      this.#held.push(message);
    } else {
      this.#timeline.append([message], { live: true });
    }
  }

  #release() {
    if (this.#pending > 0) {
      return;
    }
    const held = this.#held;
    this.#held = [];
    this.#timeline.append(held, { live: true });
  }

  async #catchUp(history) {
    const lastSeen = this.#timeline.lastId;
    if (history.length > 0 && history.at(-1).id < this.#timeline.firstId) {
      // The server's newest is older than anything shown: its ids started again (its database
      // was lost), so what it sends now is a new chat. (Comparing with the newest id shown would
      // misfire when an earlier catch-up fetched past this connection's History.)
      this.#timeline.divider("The server restarted without its earlier messages", { warning: true });
      this.#timeline.restartNumbering();
      return;
    }
    // Ids are shared by all rooms, so a room's next message may be many ids on: only a history
    // that reaches back to what is shown proves there is no gap.
    if (history.length === 0 || history[0].id <= lastSeen) {
      return;
    }

    const room = this.#room();
    let after = lastSeen;
    let missed = 0;
    try {
      for (let page = 0; page < MAX_CATCH_UP_PAGES; page += 1) {
        const messages = await messagesAfter(after, { room });
        if (missed === 0 && messages.length > 0) {
          this.#timeline.divider("While you were disconnected");
        }
        missed += this.#timeline.append(messages, { live: true, announce: false });
        if (messages.length < PAGE_LIMIT) {
          break;
        }
        after = messages.at(-1).id;
        if (page === MAX_CATCH_UP_PAGES - 1) {
          this.#timeline.divider("More was said while you were away than is shown here", { warning: true });
        }
      }
      if (missed > 0) {
        const where = room ? ` in ${room}` : "";
        this.#timeline.announce(missed === 1 ? `1 message${where} while you were disconnected` : `${missed} messages${where} while you were disconnected`);
      }
    } catch {
      this.#timeline.divider("Some messages sent while you were disconnected could not be loaded", { warning: true });
    }
  }
}
