// While the tab is in the background, the window title counts the messages that came in.

export class UnreadTitle {
  #title;
  #count = 0;

  constructor(title) {
    this.#title = title;
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) {
        this.#count = 0;
        document.title = this.#title;
      }
    });
  }

  increment() {
    if (!document.hidden) {
      return;
    }
    this.#count += 1;
    document.title = `(${this.#count}) ${this.#title}`;
  }
}
