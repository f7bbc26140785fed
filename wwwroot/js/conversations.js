// Every conversation on the page and which one is shown: the default room first, then the other
// rooms in the order they were joined, then private conversations. Switching hides one list of
// messages and shows another, each at its own scroll place. The joined rooms and the room shown are
// remembered for the tab.

import { Conversation } from "./conversation.js";
import { roomKey, nickKey } from "./names.js";
import { rememberRooms, rememberCurrent } from "./remembered.js";

export class Conversations {
  #all = [];
  #home;
  #current = null;
  #scroller;
  #scrollView;
  #shared;
  #switchListeners = [];
  #changeListeners = [];

  /** `shared`: what every conversation's timeline needs (identity, announcer, onIncoming). */
  constructor({ scroller, scrollView, shared }) {
    this.#scroller = scroller;
    this.#scrollView = scrollView;
    this.#shared = shared;
    this.#home = this.#add("home", "");
    this.#home.state = "joined";
    this.#home.listed = true;
    this.show(this.#home);
  }

  get home() {
    return this.#home;
  }

  get current() {
    return this.#current;
  }

  /** In the order they are listed. */
  all() {
    return [...this.#all];
  }

  /** The rooms other than the default one. */
  rooms() {
    return this.#all.filter((c) => c.kind === "room");
  }

  findRoom(name) {
    const key = roomKey(name);
    return this.#all.find((c) => c.isRoom && c.name && roomKey(c.name) === key) ?? null;
  }

  findPrivate(nick) {
    const key = nickKey(nick);
    return this.#all.find((c) => c.kind === "private" && nickKey(c.name) === key) ?? null;
  }

  /** A room's conversation, not listed until it is joined (`listed`: a room this tab is coming back to). */
  addRoom(name, { listed = false } = {}) {
    const conversation = this.#add("room", name, this.#all.findLastIndex((c) => c.isRoom) + 1);
    conversation.listed = listed;
    conversation.state = "joining";
    if (listed) {
      this.changed(conversation, "list");
    }
    return conversation;
  }

  openPrivate(nick) {
    const conversation = this.findPrivate(nick) ?? this.#add("private", nick);
    conversation.listed = true;
    this.changed(conversation, "list");
    return conversation;
  }

  has(conversation) {
    return this.#all.includes(conversation);
  }

  remove(conversation) {
    if (!this.has(conversation) || conversation === this.#home) {
      return;
    }
    if (conversation === this.#current) {
      this.show(this.#home);
    }
    this.#all.splice(this.#all.indexOf(conversation), 1);
    conversation.list.remove();
    this.#remember();
    this.changed(conversation, "list");
  }

  show(conversation) {
    if (conversation === this.#current) {
      return;
    }
    const previous = this.#current;
    this.#scrollView.show(conversation.place, () => {
      if (previous) {
        previous.current = false;
        previous.list.hidden = true;
        previous.list.removeAttribute("id");
      }
      conversation.current = true;
      conversation.unread = 0;
      conversation.list.hidden = false;
      conversation.list.id = "messages"; // the messages on screen, whichever conversation they belong to
      this.#current = conversation;
      for (const listener of this.#switchListeners) {
        listener(conversation, previous);
      }
    });
    rememberCurrent(conversation.kind === "room" ? conversation.name : "");
    this.changed(conversation, "current");
  }

  /** Called with (conversation, previous) when another conversation is shown. */
  onSwitch(listener) {
    this.#switchListeners.push(listener);
  }

  /**
   * Called with (conversation, what) when something about one changes: "list" (added, removed,
   * listed), "current", "unread", "name", "state", "members" or "online" (the people online).
   */
  onChange(listener) {
    this.#changeListeners.push(listener);
  }

  changed(conversation, what) {
    if (what === "list" || what === "name" || what === "state") {
      this.#remember();
    }
    for (const listener of this.#changeListeners) {
      listener(conversation, what);
    }
  }

  #add(kind, name, at = this.#all.length) {
    const conversation = new Conversation({
      kind,
      name,
      scrollView: this.#scrollView,
      ...this.#shared,
      onChanged: (c, what) => this.changed(c, what),
      onTrimmed: (c) => {
        c.olderExhausted = false;
        c.olderStatus = "";
        this.changed(c, "older");
      },
    });
    this.#all.splice(at, 0, conversation);
    this.#scroller.append(conversation.list);
    return conversation;
  }

  #remember() {
    rememberRooms(this.rooms().filter((c) => c.listed).map((c) => c.name));
  }
}
