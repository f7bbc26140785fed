// Where a typed line goes, by the conversation it was typed in. In the default room it is sent as
// it is (Send); in another room, to that room (SendTo), where /me and /who mean that room; in a
// private conversation it becomes /msg NICK line. /join, /part and /query are the page's own, so
// that its list of rooms follows them.

import { refusal } from "./connection.js";

export class Outgoing {
  #connection;
  #conversations;
  #joins;

  constructor({ connection, conversations, joins }) {
    this.#connection = connection;
    this.#conversations = conversations;
    this.#joins = joins;
  }

  /** A function that sends one line in `conversation` (the one shown when Enter was pressed). */
  sender(conversation) {
    return (line) => this.#send(conversation, line);
  }

  async #send(conversation, line) {
    const [, command = "", argument = ""] = /^\/(\S*)\s*(.*)$/s.exec(line.trim()) ?? [];
    switch (command.toLowerCase()) {
      case "join":
        if (argument) {
          await this.#joins.join(argument.split(/\s/)[0]);
          return;
        }
        break;
      case "part":
      case "leave":
        if (await this.#part(conversation, argument)) {
          return;
        }
        break;
      case "query":
        this.#conversations.show(this.#conversations.openPrivate(argument.split(/\s/)[0] || raise("Usage: /query NICK")));
        return;
      case "msg":
        if (argument && !/\s/.test(argument.trim())) {
          this.#conversations.show(this.#conversations.openPrivate(argument.trim())); // no text: just open it
          return;
        }
        break;
      default:
        break;
    }
    await this.#deliver(conversation, line);
  }

  #deliver(conversation, line) {
    switch (conversation.kind) {
      case "room":
        return this.#connection.sendTo(conversation.name, line);
      case "private":
        if (line.startsWith("/") && !line.startsWith("//")) {
          if (/^\/me(\s|$)/i.test(line)) {
            raise("/me is for rooms. Here, just say it.");
          }
          return this.#connection.send(line); // other commands mean what they mean anywhere
        }
        return this.#connection.send(`/msg ${conversation.name} ${line.startsWith("//") ? line.slice(1) : line}`);
      default:
        return this.#connection.send(line);
    }
  }

  // "/part [#ROOM] [REASON]": the room named, or the one typed in. Sent as typed (the reason is for
  // the others to read); the page closes the room when the server agrees. False: not the page's business.
  async #part(conversation, argument) {
    const named = argument.startsWith("#") ? argument.split(/\s/)[0] : null;
    const room = named ? this.#conversations.findRoom(named) : conversation.kind === "room" ? conversation : null;
    if (!room || room.kind !== "room") {
      return false; // the server says why not (the default room, a room you are not in)
    }
    const reason = (named ? argument.slice(named.length) : argument).trim();
    await this.#connection.send(`/part ${room.name}${reason ? ` ${reason}` : ""}`);
    this.#conversations.remove(room);
    return true;
  }
}

function raise(text) {
  throw refusal(text);
}
