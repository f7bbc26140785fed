// The list of conversations: at the left on a wide screen, in a drawer on a phone. Rooms first (the
// default room at the top), then private conversations; the one shown is highlighted, the others
// say how many messages came in unseen. Alt+↑ and Alt+↓ go to the previous and next one.

export class RoomList {
  #nav;
  #rooms;
  #privates;
  #privateHint;
  #toggle;
  #toggleCount;
  #conversations;
  #items = new Map();
  #narrow = matchMedia("(max-width: 700px)");

  constructor({ nav, rooms, privates, privateHint, toggle, toggleCount, conversations, onClose }) {
    this.#nav = nav;
    this.#rooms = rooms;
    this.#privates = privates;
    this.#privateHint = privateHint;
    this.#toggle = toggle;
    this.#toggleCount = toggleCount;
    this.#conversations = conversations;

    nav.addEventListener("click", (event) => {
      const item = event.target.closest("li");
      const conversation = item && [...this.#items].find(([, li]) => li === item)?.[0];
      if (!conversation) {
        return;
      }
      if (event.target.closest("[data-action=close]")) {
        onClose(conversation);
      } else if (event.target.closest("[data-action=show]")) {
        conversations.show(conversation);
        this.closeDrawer();
      }
    });
    toggle.addEventListener("click", () => (nav.classList.contains("is-open") ? this.closeDrawer() : this.#openDrawer()));
    document.addEventListener("keydown", (event) => this.#keydown(event));
    // A tap beside the open drawer closes it, and does nothing else (it may land on a link).
    document.addEventListener("click", (event) => {
      if (nav.classList.contains("is-open") && !nav.contains(event.target) && !toggle.contains(event.target)) {
        event.preventDefault();
        event.stopPropagation();
        this.closeDrawer();
      }
    }, { capture: true });
    conversations.onChange((_, what) => {
      if (what !== "members" && what !== "older") {
        this.render();
      }
    });
    this.render();
  }

  render() {
    const listed = this.#conversations.all().filter((c) => c.listed);
    for (const [conversation, item] of this.#items) {
      if (!listed.includes(conversation)) {
        item.remove();
        this.#items.delete(conversation);
      }
    }
    const rooms = listed.filter((c) => c.isRoom).map((c) => this.#item(c));
    const privates = listed.filter((c) => !c.isRoom).map((c) => this.#item(c));
    order(this.#rooms, rooms);
    order(this.#privates, privates);
    this.#privateHint.hidden = privates.length > 0;
    const unseen = listed.reduce((sum, c) => sum + c.unread, 0);
    this.#toggleCount.textContent = unseen > 0 ? String(unseen) : "";
    this.#toggleCount.hidden = unseen === 0;
    this.#toggle.setAttribute("aria-label", unseen > 0 ? `Rooms and conversations, ${unseen} unread` : "Rooms and conversations");
  }

  closeDrawer() {
    if (!this.#nav.classList.contains("is-open")) {
      return;
    }
    this.#nav.classList.remove("is-open");
    this.#toggle.setAttribute("aria-expanded", "false");
    if (this.#nav.contains(document.activeElement)) {
      this.#toggle.focus();
    }
  }

  #openDrawer() {
    this.#nav.classList.add("is-open");
    this.#toggle.setAttribute("aria-expanded", "true");
    this.#items.get(this.#conversations.current)?.querySelector("[data-action=show]")?.focus();
  }

  #item(conversation) {
    let item = this.#items.get(conversation);
    if (!item) {
      item = document.createElement("li");
      item.className = `conv conv--${conversation.kind}`;
      const show = document.createElement("button");
      show.type = "button";
      show.className = "conv__show";
      show.dataset.action = "show";
      const name = document.createElement("span");
      name.className = "conv__name";
      const unread = document.createElement("span");
      unread.className = "conv__unread";
      show.append(name, unread);
      item.append(show);
      if (conversation.kind === "private") {
        const close = document.createElement("button");
        close.type = "button";
        close.className = "conv__close";
        close.dataset.action = "close";
        close.textContent = "×";
        item.append(close);
      }
      this.#items.set(conversation, item);
    }
    const [show, close] = item.children;
    const [name, unread] = show.children;
    name.textContent = conversation.name || "…";
    unread.textContent = conversation.unread > 0 ? String(conversation.unread) : "";
    unread.hidden = conversation.unread === 0;
    item.dataset.state = conversation.isRoom ? conversation.state : "";
    item.dataset.name = conversation.name;
    item.classList.toggle("is-current", conversation.current);
    if (conversation.current) {
      show.setAttribute("aria-current", "true");
    } else {
      show.removeAttribute("aria-current");
    }
    const where = conversation.kind === "private" ? `Private conversation with ${conversation.name}` : conversation.name;
    const unseen = conversation.unread === 1 ? ", 1 unread message" : conversation.unread > 1 ? `, ${conversation.unread} unread messages` : "";
    const state = conversation.state === "joining" && conversation.kind === "room" ? ", joining" : conversation.state === "out" ? ", not joined" : "";
    show.setAttribute("aria-label", `${where}${unseen}${state}`);
    close?.setAttribute("aria-label", `Close the conversation with ${conversation.name}`);
    return item;
  }

  #keydown(event) {
    if (event.key === "Escape" && this.#nav.classList.contains("is-open")) {
      this.closeDrawer();
      return;
    }
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    const listed = this.#conversations.all().filter((c) => c.listed);
    const at = listed.indexOf(this.#conversations.current);
    const next = listed[(at + (event.key === "ArrowDown" ? 1 : -1) + listed.length) % listed.length];
    if (next) {
      event.preventDefault();
      this.#conversations.show(next);
    }
  }
}

// Moves nodes only when the order changed: a button that is moved loses the focus.
function order(list, items) {
  const same = list.children.length === items.length && items.every((item, i) => list.children[i] === item);
  if (!same) {
    list.replaceChildren(...items);
  }
}
