// Auto-scroll that respects the reader: new messages keep the view at the bottom only if it was
// there already; a reader who scrolled up stays put and gets a "new messages" button instead.

const NEAR_BOTTOM_PX = 48;

export class ScrollKeeper {
  #scroller;
  #button;
  #label;
  #unseen = 0;

  constructor(scroller, button, label) {
    this.#scroller = scroller;
    this.#button = button;
    this.#label = label;
    scroller.addEventListener("scroll", () => {
      if (this.isNearBottom()) {
        this.#clearUnseen();
      }
    }, { passive: true });
    button.addEventListener("click", () => this.toBottom());
  }

  isNearBottom() {
    const s = this.#scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= NEAR_BOTTOM_PX;
  }

  /**
   * Runs a change at the bottom of the list. It returns how many new messages it added and whether
   * to follow them regardless (your own line); otherwise the view follows only a reader who was
   * already at the bottom.
   */
  append(change) {
    const wasAtBottom = this.isNearBottom();
    const { added = 0, follow = false } = change() ?? {};
    if (wasAtBottom || follow) {
      this.toBottom();
    } else if (added > 0) {
      this.#unseen += added;
      this.#label.textContent = this.#unseen === 1 ? "1 new message below" : `${this.#unseen} new messages below`;
      this.#button.hidden = false;
    }
  }

  /** Runs a change that adds content at the top without moving what the reader sees. */
  prepend(change) {
    const s = this.#scroller;
    const fromBottom = s.scrollHeight - s.scrollTop;
    change();
    s.scrollTop = s.scrollHeight - fromBottom;
  }

  toBottom() {
    this.#scroller.scrollTop = this.#scroller.scrollHeight;
    this.#clearUnseen();
  }

  #clearUnseen() {
    this.#unseen = 0;
    this.#button.hidden = true;
  }
}
