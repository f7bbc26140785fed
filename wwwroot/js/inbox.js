// Where each incoming event goes: a room's messages to that room's conversation, a private message
// to the conversation with the other person (opened if new), History to the default room (or, after
// a /history, to the room its messages are from), and Users to the default room's people.

export class Inbox {
  #conversations;
  #identity;
  #online = [];

  constructor(conversations, identity) {
    this.#conversations = conversations;
    this.#identity = identity;
  }

  /** Everyone online, [{ nick, source }]: the default room's members. */
  get online() {
    return this.#online;
  }

  history(messages) {
    const room = messages.find((m) => m.room)?.room;
    const conversation = room ? this.#roomFor(room) : this.#conversations.home;
    conversation?.sync.history(messages);
  }

  message(message) {
    if (message.kind === "private") {
      this.#private(message);
      return;
    }
    const conversation = this.#roomFor(message.room);
    if (!conversation) {
      return; // a room this page has left: its last words are of no interest
    }
    if (conversation.kind === "room" && message.room !== conversation.name) {
      conversation.rename(message.room); // the spelling of whoever made the room
    }
    if (message.kind === "nick") {
      this.#renamed(message);
    } else {
      conversation.members?.apply(message);
    }
    conversation.sync.message(message);
  }

  users(users) {
    this.#online = users;
    this.#conversations.changed(this.#conversations.home, "online");
  }

  #roomFor(name) {
    const found = this.#conversations.findRoom(name ?? "");
    if (found) {
      return found;
    }
    const home = this.#conversations.home;
    if (!home.name && name) {
      // Before it joins any other room, a connection hears the default room only: this is its name.
      home.rename(name);
      return home;
    }
    return null;
  }

  #private(message) {
    const own = this.#identity.isOwn(message);
    const partner = own ? message.to : message.nick;
    let conversation = this.#conversations.findPrivate(partner);
    if (!conversation) {
      conversation = this.#conversations.openPrivate(partner);
      if (own) {
        this.#conversations.show(conversation); // you just wrote to them (/msg): go where the answer comes
      }
    }
    conversation.sync.message(message);
  }

  // Nickname changes are events of the default room; the rooms the person is in hear of them too,
  // and a private conversation with them follows the new name.
  #renamed(message) {
    for (const room of this.#conversations.rooms()) {
      if (room.members.has(message.nick)) {
        room.members.apply(message);
        room.sync.message(message);
      }
    }
    const conversation = this.#conversations.findPrivate(message.nick);
    if (conversation && !this.#conversations.findPrivate(message.text)) {
      conversation.rename(message.text);
    }
  }
}
