// Who is in one room, kept live: a snapshot from GetRoomUsers, then the room's own join and leave
// events and everyone's nickname changes. Changes that arrive while a snapshot is on its way are
// replayed on top of it (each one is idempotent), so a change made around the request is never lost.

import { nickKey } from "./names.js";

export class RoomMembers {
  #users = new Map();
  #replay = null;
  #onChange;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  /** Takes a fresh snapshot, from a promise of [{ nick, source }]. */
  load(request) {
    const replay = [];
    this.#replay = replay;
    request.then((users) => {
      if (this.#replay !== replay) {
        return; // a newer snapshot was asked for
      }
      this.#users = new Map(users.map((user) => [nickKey(user.nick), user]));
      for (const change of replay) {
        change();
      }
      this.#replay = null;
      this.#onChange();
    }, () => {
      if (this.#replay === replay) {
        this.#replay = null; // keep what is known; events go on updating it
      }
    });
  }

  /** Follows a live event of this room (join, leave) or of the chat (nick). */
  apply(message) {
    const change = changeFor(this.#users, message);
    if (!change) {
      return;
    }
    change();
    this.#replay?.push(() => changeFor(this.#users, message)?.());
    this.#onChange();
  }

  has(nick) {
    return this.#users.has(nickKey(nick));
  }

  list() {
    return [...this.#users.values()];
  }
}

function changeFor(users, message) {
  switch (message.kind) {
    case "join":
      return () => users.set(nickKey(message.nick), { nick: message.nick, source: message.source });
    case "leave":
      return () => users.delete(nickKey(message.nick));
    case "nick":
      return users.has(nickKey(message.nick))
        ? () => {
          users.delete(nickKey(message.nick));
          users.set(nickKey(message.text), { nick: message.text, source: message.source });
        }
        : null;
    default:
      return null;
  }
}
