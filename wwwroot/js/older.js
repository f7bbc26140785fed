// "Show older messages": pages further back through the history API, above what is shown.

import { messagesBefore } from "./api.js";

const PAGE = 50;

export class OlderMessages {
  #button;
  #status;
  #timeline;
  #exhausted = false;

  constructor(button, status, timeline) {
    this.#button = button;
    this.#status = status;
    this.#timeline = timeline;
    button.addEventListener("click", () => this.#load());
  }

  /** The oldest messages were dropped from the page: they can be loaded again. */
  reset() {
    this.#exhausted = false;
    this.#status.textContent = "";
    this.refresh();
  }

  /** Offers the button while there may be something older than the first message shown. */
  refresh() {
    this.#button.hidden = this.#exhausted || this.#timeline.firstId <= 1;
  }

  async #load() {
    const before = this.#timeline.firstId;
    this.#button.disabled = true;
    this.#status.textContent = "Loading…";
    try {
      const messages = await messagesBefore(before, PAGE);
      const added = this.#timeline.prepend(messages);
      this.#exhausted = messages.length < PAGE;
      this.#status.textContent = this.#exhausted ? "This is the start of the chat." : `${added} older messages shown.`;
    } catch {
      this.#status.textContent = "Older messages could not be loaded.";
    } finally {
      this.#button.disabled = false;
      this.refresh();
    }
  }
}
