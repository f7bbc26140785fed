// Who "you" are: the nickname now, every nickname this page has held (to mark your own lines), and
// the one you chose, kept for this tab so that a reconnect or a reload takes it back.

const STORAGE_KEY = "webtcpchat.nick";

export class Identity {
  #current = "";
  #held = new Set();
  #expectingGuest = true;

  get nick() {
    return this.#current;
  }

  /** True until the first Nickname of a new connection has come. */
  get expectingGuest() {
    return this.#expectingGuest;
  }

  /** The next Nickname is the guest name a new connection gets, not a choice of yours. */
  expectGuest() {
    this.#expectingGuest = true;
  }

  /** Records a Nickname from the server; returns the nickname to take back, if any. */
  received(nick) {
    const isGuest = this.#expectingGuest;
    this.#expectingGuest = false;
    this.#current = nick;
    this.#held.add(nick);
    if (!isGuest) {
      store(nick);
      return null;
    }
    const preferred = stored();
    return preferred && preferred !== nick ? preferred : null;
  }

  /** Forgets a name of yours once someone else is seen taking it, so their lines are not marked. */
  observe(message) {
    const taken = message.kind === "join" ? message.nick : message.kind === "nick" ? message.text : null;
    if (taken && taken !== this.#current) {
      this.#held.delete(taken);
    }
  }

  isOwn(message) {
    return message.source === "web" && this.#held.has(message.nick);
  }
}

function stored() {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: nothing to take back
  }
}

function store(nick) {
  try {
    sessionStorage.setItem(STORAGE_KEY, nick);
  } catch {
    // storage disabled: the nickname just is not remembered
  }
}
