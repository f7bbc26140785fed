// The aria-live region: screen readers hear incoming messages without losing their place.

const KEEP = 5;

export class Announcer {
  #region;

  constructor(region) {
    this.#region = region;
  }

  say(text) {
    const line = document.createElement("p");
    line.textContent = text;
    this.#region.append(line);
    while (this.#region.childElementCount > KEEP) {
      this.#region.firstElementChild.remove();
    }
  }
}
