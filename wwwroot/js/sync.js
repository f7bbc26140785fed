// Keeps the timeline complete across reconnects. Each connection starts with History (the last few
// messages); after a reconnect, whatever was said in between is fetched by id from the history API
// before History and the live messages that arrive meanwhile are shown. The timeline ignores ids it
// already shows, so nothing appears twice, and the gap fill runs to the present, so nothing is lost.

import { messagesAfter, PAGE_LIMIT } from "./api.js";

// A page coming back after a long time does not load an endless backlog.
const MAX_CATCH_UP_PAGES = 10;

export class MessageSync {
  #timeline;
  #everLoaded = false;
  #catchUps = Promise.resolve();
  #pending = 0;
  #held = [];

  constructor(timeline) {
    this.#timeline = timeline;
  }

  /** History, sent once after every (re)connect. */
  history(messages) {
    if (!this.#everLoaded) {
      this.#everLoaded = true;
      this.#timeline.append(messages);
      return;
    }
    // One catch-up at a time (a second reconnect can come before the first one's fetch returns);
    // live messages wait until the last one is done, and then follow in order.
    this.#pending += 1;
    this.#catchUps = this.#catchUps
      .then(() => this.#catchUp(messages))
      .catch(() => {})
      .then(() => {
        this.#timeline.append(messages, { live: true });
        this.#pending -= 1;
        if (this.#pending === 0) {
          const held = this.#held;
          this.#held = [];
          this.#timeline.append(held, { live: true });
        }
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
    if (history.length === 0 || history[0].id <= lastSeen + 1) {
      return; // History reaches back to what is shown: no gap
    }

    let after = lastSeen;
    let missed = 0;
    try {
      for (let page = 0; page < MAX_CATCH_UP_PAGES; page += 1) {
        const messages = await messagesAfter(after);
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
        this.#timeline.announce(missed === 1 ? "1 message while you were disconnected" : `${missed} messages while you were disconnected`);
      }
    } catch {
      this.#timeline.divider("Some messages sent while you were disconnected could not be loaded", { warning: true });
    }
  }
}
