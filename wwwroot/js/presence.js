// Who is online, on both sides, live from the hub's Users event. You first, then by name.

import { badge } from "./render.js";

export class Presence {
  #section;
  #list;
  #count;
  #toggle;
  #identity;
  #users = [];
  #narrow = matchMedia("(max-width: 700px)");

  constructor({ section, list, count, toggle, identity }) {
    this.#section = section;
    this.#list = list;
    this.#count = count;
    this.#toggle = toggle;
    this.#identity = identity;
    // On a phone the list folds away behind its heading; on a wide screen it is always shown.
    toggle.addEventListener("click", () => {
      if (this.#narrow.matches) {
        section.classList.toggle("is-open");
        this.#syncExpanded();
      }
    });
    this.#narrow.addEventListener("change", () => this.#syncExpanded());
    this.#syncExpanded();
  }

  update(users) {
    this.#users = users;
    this.render();
  }

  /** Redraws the list, e.g. after your own nickname changed. */
  render() {
    const me = this.#identity.nick;
    const collator = new Intl.Collator(undefined, { sensitivity: "base" });
    const sorted = [...this.#users].sort((a, b) =>
      (b.nick === me) - (a.nick === me) || collator.compare(a.nick, b.nick));
    const items = sorted.map((user) => {
      const item = document.createElement("li");
      item.dataset.nick = user.nick;
      item.dataset.source = user.source;
      const name = document.createElement("span");
      name.textContent = user.nick;
      item.append(badge(user.source), name);
      if (user.nick === me) {
        item.classList.add("is-you");
        const you = document.createElement("span");
        you.className = "msg__you";
        you.textContent = "(you)";
        item.append(you);
      }
      return item;
    });
    this.#list.replaceChildren(...items);
    this.#count.textContent = String(sorted.length);
    this.#toggle.setAttribute("aria-label", `${sorted.length} online`);
  }

  #syncExpanded() {
    const open = !this.#narrow.matches || this.#section.classList.contains("is-open");
    this.#toggle.setAttribute("aria-expanded", String(open));
  }
}
