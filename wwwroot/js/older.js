// "Show older messages": pages further back through the history API, above what is shown, in the
// conversation shown. Each room pages on its own; private conversations are not stored, so have none.
// Scrolling to the top loads the next page by itself; the button does the same from the keyboard.

import { messagesBefore } from "./api.js";

const PAGE = 50;
const NEAR_TOP_PX = 8;

export class OlderMessages {
  #button;
  #status;
  #conversations;
  #loading = false;

  constructor(button, status, conversations, scroller) {
    this.#button = button;
    this.#status = status;
    this.#conversations = conversations;
    button.addEventListener("click", () => this.#load(conversations.current));
    // Only a reader's scroll reaches the top: keeping the place after a page above moves away from it.
    scroller.addEventListener("scroll", () => {
      if (scroller.scrollTop <= NEAR_TOP_PX && !this.#button.hidden && !this.#loading) {
        this.#load(conversations.current);
      }
    }, { passive: true });
    conversations.onSwitch(() => this.refresh());
    conversations.onChange((conversation, what) => {
      if (what === "older") {
        this.#probe(conversation);
      }
    });
  }

  /** Offers the button while there may be something older than the first message shown. */
  refresh() {
    const conversation = this.#conversations.current;
    this.#button.hidden = !conversation.isRoom || !conversation.olderChecked || conversation.olderExhausted;
    this.#status.textContent = conversation.olderStatus;
  }

  // Once a room shows its first messages (or dropped its oldest), asks whether anything is older,
  // so that a new room does not offer a button that finds nothing.
  async #probe(conversation) {
    const before = conversation.timeline.firstId;
    if (!conversation.isRoom || before === 0) {
      return;
    }
    conversation.olderChecked = false;
    try {
      const room = conversation.kind === "room" ? conversation.name : undefined;
      const older = await messagesBefore(before, { room, limit: 1 });
      if (older.length === 0 && conversation.timeline.firstId === before) {
        conversation.olderExhausted = true;
      }
    } catch {
      // offer the button: a click says whether older messages can be loaded
    }
    conversation.olderChecked = true;
    if (conversation.current) {
      this.refresh();
    }
  }

  async #load(conversation) {
    if (this.#loading) {
      return;
    }
    this.#loading = true;
    const before = conversation.timeline.firstId;
    this.#button.disabled = true;
    this.#show(conversation, "Loading…");
    try {
      const room = conversation.kind === "room" ? conversation.name : undefined;
      const messages = await messagesBefore(before, { room, limit: PAGE });
      const added = conversation.timeline.prepend(messages);
      conversation.olderExhausted = messages.length < PAGE;
      this.#show(conversation, conversation.olderExhausted
        ? (room ? `This is the start of ${room}.` : "This is the start of the chat.")
        : `${added} older messages shown.`);
    } catch {
      this.#show(conversation, "Older messages could not be loaded.");
    } finally {
      this.#loading = false;
      this.#button.disabled = false;
      this.refresh();
    }
  }

  #show(conversation, text) {
    conversation.olderStatus = text;
    if (conversation.current) {
      this.#status.textContent = text;
    }
  }
}
