// The list of messages on screen. Messages are kept in id order and each id is shown at most once:
// anything at or below the newest id shown is ignored, which is what makes reconnects duplicate-free.

import { renderMessage, renderNotice, renderDivider, dayOf, describe } from "./render.js";

// A tab left open for days must not grow without end: past this many messages, the oldest are
// dropped from the page (while the reader is at the bottom) and can be shown again on demand.
const MAX_SHOWN = 1500;

export class Timeline {
  #list;
  #scroll;
  #identity;
  #announcer;
  #lastId = 0;
  #firstId = 0;
  #lastDay = null;
  #firstDay = null;
  #onIncoming;
  #onTrimmed;
  #onStarted;

  constructor(list, { scroll, identity, announcer, onIncoming, onTrimmed, onStarted }) {
    this.#list = list;
    this.#scroll = scroll;
    this.#identity = identity;
    this.#announcer = announcer;
    this.#onIncoming = onIncoming;
    this.#onTrimmed = onTrimmed;
    this.#onStarted = onStarted;
  }

  /** The newest message id on screen (0 if none). */
  get lastId() {
    return this.#lastId;
  }

  /** The oldest message id on screen (0 if none). */
  get firstId() {
    return this.#firstId;
  }

  /**
   * Adds messages newer than any shown, oldest first. `live`: they are new to the reader, so they
   * count as unread and (unless `announce` is false) are read out. Returns how many were added.
   */
  append(messages, { live = false, announce = live } = {}) {
    const fresh = messages.filter((m) => m.id > this.#lastId).sort((a, b) => a.id - b.id);
    if (fresh.length === 0) {
      return 0;
    }
    let follow = false;
    let added = 0;
    const wasEmpty = this.#firstId === 0;
    this.#scroll.append(() => {
      for (const message of fresh) {
        if (message.id <= this.#lastId) {
          continue; // the same id twice in one batch
        }
        this.#identity.observe(message);
        const own = this.#identity.isOwn(message);
        follow ||= own && live; // you just said it: show it
        this.#dayDivider(message.time);
        this.#list.append(renderMessage(message, { own }));
        this.#lastId = message.id;
        this.#firstId ||= message.id;
        added += 1;
        if (live && !own) {
          if (announce) {
            this.#announcer.say(describe(message));
          }
          this.#onIncoming?.(message);
        }
      }
      return { added: live ? added : 0, follow };
    });
    if (this.#scroll.isNearBottom()) {
      this.#trim();
    }
    if (wasEmpty && this.#firstId !== 0) {
      this.#onStarted?.(); // older messages may now be asked for
    }
    return added;
  }

  /** Adds older messages above the oldest shown, keeping the reader's place. */
  prepend(messages) {
    const older = messages.filter((m) => this.#firstId === 0 || m.id < this.#firstId).sort((a, b) => a.id - b.id);
    if (older.length === 0) {
      return 0;
    }
    this.#scroll.prepend(() => {
      const fragment = document.createDocumentFragment();
      let day = null;
      for (const message of older) {
        const { key, label } = dayOf(message.time);
        if (key !== day) {
          fragment.append(renderDivider(label));
          day = key;
        }
        fragment.append(renderMessage(message, { own: false }));
      }
      // The old first message's day divider is now redundant if the batch ends on that same day.
      const first = this.#list.firstElementChild;
      if (day === this.#firstDay && first?.classList.contains("divider")) {
        first.remove();
      }
      this.#list.prepend(fragment);
      this.#firstDay = dayOf(older[0].time).key;
      this.#firstId = older[0].id;
      this.#lastId ||= older.at(-1).id;
    });
    return older.length;
  }

  /** A reply for you alone; not part of the chat's order. */
  notice(text, { error = false } = {}) {
    this.#scroll.append(() => {
      this.#list.append(renderNotice(text, { error }));
      return { added: 1 };
    });
    this.#announcer.say(text);
  }

  /** Reads a sentence out to screen readers. */
  announce(text) {
    this.#announcer.say(text);
  }

  divider(text, { warning = false } = {}) {
    this.#scroll.append(() => {
      this.#list.append(renderDivider(text, { warning }));
    });
  }

  /** The server lost its messages (ids started again): what follows is a new chat. */
  restartNumbering() {
    this.#lastId = 0;
  }

  #trim() {
    const shown = this.#list.querySelectorAll(":scope > li[data-id]");
    if (shown.length <= MAX_SHOWN) {
      return;
    }
    const keep = shown[shown.length - MAX_SHOWN];
    while (this.#list.firstElementChild !== keep) {
      this.#list.firstElementChild.remove();
    }
    const { key, label } = dayOf(keep.dataset.time);
    this.#list.prepend(renderDivider(label));
    this.#firstDay = key;
    this.#firstId = Number(keep.dataset.id);
    this.#scroll.toBottom();
    this.#onTrimmed?.();
  }

  #dayDivider(time) {
    const { key, label } = dayOf(time);
    if (key !== this.#lastDay) {
      this.#list.append(renderDivider(label));
      this.#lastDay = key;
      this.#firstDay ??= key;
    }
  }
}
