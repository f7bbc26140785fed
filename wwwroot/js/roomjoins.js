// Joining and leaving rooms through the hub, and joining them all again after every new connection
// (which starts in the default room only). The history that Join returns goes to the room's
// conversation, which fills the gap since it last heard from the room; who is in the room is asked
// for once the page is in it.

import { failureText } from "./connection.js";

export class RoomJoins {
  #connection;
  #conversations;

  constructor(connection, conversations) {
    this.#connection = connection;
    this.#conversations = conversations;
  }

  /** Joins a room by name (or goes to it, if already in) and shows it. Rejects with the server's reason. */
  async join(name) {
    const existing = this.#conversations.findRoom(name);
    if (existing && existing.state !== "out") {
      this.#conversations.show(existing);
      return existing;
    }
    const conversation = existing ?? this.#conversations.addRoom(name);
    try {
      await this.#enter(conversation);
    } catch (error) {
      if (!existing) {
        this.#conversations.remove(conversation);
      }
      throw error;
    }
    this.#conversations.show(conversation);
    return conversation;
  }

  /** Leaves a room (a room this connection is not in is just closed). Rejects with the server's reason. */
  async leave(conversation) {
    if (conversation.state === "joined") {
      await this.#connection.leave(conversation.name);
    }
    this.#conversations.remove(conversation);
  }

  /** After every new connection: the rooms this page was in, joined again. */
  rejoinAll() {
    for (const conversation of this.#conversations.rooms()) {
      if (!conversation.listed) {
        continue; // a first join still on its way: whoever started it finishes it
      }
      this.#enter(conversation).catch((error) => {
        conversation.timeline.divider(`Could not join ${conversation.name} again: ${failureText(error)}`, { warning: true });
      });
    }
  }

  async #enter(conversation) {
    this.#setState(conversation, "joining");
    conversation.sync.expect(); // the room's live messages can come before Join's answer
    let history;
    try {
      history = await this.#connection.join(conversation.name);
    } catch (error) {
      conversation.sync.abandon();
      this.#setState(conversation, "out");
      throw error;
    }
    if (!this.#conversations.has(conversation)) {
      // Closed while the join was on its way: leave again, quietly.
      this.#connection.leave(conversation.name).catch(() => {});
      conversation.sync.abandon();
      return;
    }
    const spelt = history.find((m) => m.room)?.room;
    if (spelt && spelt !== conversation.name) {
      conversation.rename(spelt);
    }
    conversation.listed = true;
    this.#setState(conversation, "joined");
    conversation.sync.history(history);
    conversation.members.load(this.#connection.roomUsers(conversation.name));
  }

  #setState(conversation, state) {
    conversation.state = state;
    this.#conversations.changed(conversation, "state");
  }
}
