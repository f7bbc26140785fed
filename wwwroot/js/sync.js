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
  #catchingUp = false;
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
    this.#catchingUp = true;
    this.#catchUp(messages).finally(() => {
      this.#timeline.append(messages, { live: true });
      this.#timeline.append(this.#held, { live: true });
      this.#held = [];
      this.#catchingUp = false;
    });
  }

  /** A live message; held back while a gap is being filled so that order is kept. */
  message(message) {
    if (this.#catchingUp) {
      this.#held.push(message);
    } else {
      this.#timeline.append([message], { live: true });
    }
  }

  async #catchUp(history) {
    const lastSeen = this.#timeline.lastId;
    if (history.length > 0 && history.at(-1).id < lastSeen) {
      // The server's ids started again: its earlier messages are gone, and so is the gap.
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
