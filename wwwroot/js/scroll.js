// Auto-scroll that respects the reader: new messages keep the view at the bottom only if it was
// there already; a reader who scrolled up stays put and gets a "new messages" button instead.
// One scrolling area shows one conversation at a time; each conversation keeps its own place in it
// (at the bottom, or the message at the top of the view), and its own count of unseen messages.

const NEAR_BOTTOM_PX = 48;

export class ScrollView {
  #scroller;
  #button;
  #label;
  #shown = null;

  constructor(scroller, button, label) {
    this.#scroller = scroller;
    this.#button = button;
    this.#label = label;
    scroller.addEventListener("scroll", () => {
      if (this.nearBottom()) {
        this.#shown?.clearUnseen();
      }
    }, { passive: true });
    button.addEventListener("click", () => this.#shown?.toBottom());
  }

  /** A place in this view for the conversation whose messages are in `list`. */
  place(list) {
    return new ScrollPlace(this, list);
  }

  /**
   * Shows another conversation's place: the one shown before remembers where its reader was, then
   * `swap` puts the other conversation's messages on screen, then the view goes to its place.
   */
  show(place, swap) {
    this.#shown?.park();
    swap();
    this.#shown = place;
    place.resume();
  }

  isShown(place) {
    return this.#shown === place;
  }

  nearBottom() {
    const s = this.#scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= NEAR_BOTTOM_PX;
  }

  toEnd() {
    this.#scroller.scrollTop = this.#scroller.scrollHeight;
  }

  /** Where `element` is, in pixels below the top of the visible area. */
  offsetOf(element) {
    return element.getBoundingClientRect().top - this.#scroller.getBoundingClientRect().top;
  }

  scrollBy(pixels) {
    this.#scroller.scrollTop += pixels;
  }

  /** Runs a change that adds content at the top without moving what the reader sees. */
  keepPlace(change) {
    const s = this.#scroller;
    const fromBottom = s.scrollHeight - s.scrollTop;
    change();
    s.scrollTop = s.scrollHeight - fromBottom;
  }

  unseen(count) {
    this.#label.textContent = count === 1 ? "1 new message below" : `${count} new messages below`;
    this.#button.hidden = count === 0;
  }
}

class ScrollPlace {
  #view;
  #list;
  #atBottom = true;
  #anchor = null;
  #anchorOffset = 0;
  #unseen = 0;

  constructor(view, list) {
    this.#view = view;
    this.#list = list;
  }

  get #shown() {
    return this.#view.isShown(this);
  }

  isNearBottom() {
    return this.#shown ? this.#view.nearBottom() : this.#atBottom;
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
      this.#render();
    }
  }

  /** Runs a change that adds content at the top without moving what the reader sees. */
  prepend(change) {
    if (this.#shown) {
      this.#view.keepPlace(change);
    } else {
      change(); // the anchor message keeps the place for when this conversation is shown again
    }
  }

  toBottom() {
    this.#atBottom = true;
    this.#anchor = null;
    if (this.#shown) {
      this.#view.toEnd();
    }
    this.clearUnseen();
  }

  clearUnseen() {
    this.#unseen = 0;
    this.#render();
  }

  /** Another conversation is about to be shown: remember where the reader is in this one. */
  park() {
    this.#atBottom = this.#view.nearBottom();
    this.#anchor = this.#atBottom ? null : this.#firstVisible();
    this.#anchorOffset = this.#anchor ? this.#view.offsetOf(this.#anchor) : 0;
  }

  /** This conversation is shown again: back to where its reader was. */
  resume() {
    if (this.#atBottom || !this.#anchor?.isConnected) {
      this.#view.toEnd();
      if (this.#atBottom) {
        this.#unseen = 0;
      }
    } else {
      this.#view.scrollBy(this.#view.offsetOf(this.#anchor) - this.#anchorOffset);
    }
    this.#render();
  }

  #firstVisible() {
    for (const item of this.#list.children) {
      if (this.#view.offsetOf(item) + item.offsetHeight > 0) {
        return item;
      }
    }
    return null;
  }

  #render() {
    if (this.#shown) {
      this.#view.unseen(this.#unseen);
    }
  }
}
