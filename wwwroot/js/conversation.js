// One conversation on the page: the default room, another room, or a private conversation with one
// person. Each has its own list of messages in the page (shown only while it is the current one),
// its own place in the scrolling area, unread count, older-message paging, unsent draft and, for a
// room, who is in it. Messages of a conversation not shown are added to its list all the same, so
// switching to it shows them, each once.

import { Timeline } from "./timeline.js";
import { MessageSync } from "./sync.js";
import { RoomMembers } from "./members.js";
import { roomKey, nickKey } from "./names.js";

// Joins, leaves and nickname changes do not make a conversation "unread"; what people say does.
const UNREAD_KINDS = new Set(["text", "action", "private", "system"]);

export class Conversation {
  /** "home" (the default room, which everyone is in), "room" or "private". */
  kind;
  /** The room's name as its creator spelt it, or the other person's nickname. */
  name;
  list;
  timeline;
  sync;
  place;
  members = null;
  unread = 0;
  draft = "";
  /** Rooms: "joining" (a Join is on its way), "joined", or "out" (joining again failed). */
  state = "joining";
  /** Shown in the list of conversations (a room once joined; the default room and private ones always). */
  listed = false;
  /** "Show older messages": whether anything older was looked for, and the start of the room's history reached. */
  olderChecked = false;
  olderExhausted = false;
  olderStatus = "";
  current = false;

  #changed;

  constructor({ kind, name, scrollView, identity, announcer, onIncoming, onChanged, onTrimmed }) {
    this.kind = kind;
    this.name = name;
    this.#changed = (what) => onChanged(this, what);
    this.list = document.createElement("ol");
    this.list.className = "messages";
    this.list.hidden = true;
    this.place = scrollView.place(this.list);
    this.timeline = new Timeline(this.list, {
      scroll: this.place,
      identity,
      announcer: { say: (text) => this.#announce(announcer, text) },
      onIncoming: (message) => {
        if (!this.current && UNREAD_KINDS.has(message.kind)) {
          this.unread += 1;
          this.#changed("unread");
        }
        onIncoming(message);
      },
      onTrimmed: () => onTrimmed(this),
      onStarted: () => this.#changed("older"),
    });
    // The default room's history comes without a room name; the others' need theirs.
    this.sync = new MessageSync(this.timeline, () => (this.kind === "room" ? this.name : null));
    if (kind === "room") {
      this.members = new RoomMembers(() => this.#changed("members"));
    }
  }

  /** How the conversation is found: by room name, or by the other person's nickname. */
  get key() {
    return Conversation.keyOf(this.kind, this.name);
  }

  static keyOf(kind, name) {
    return kind === "private" ? `@${nickKey(name)}` : roomKey(name);
  }

  get isRoom() {
    return this.kind !== "private";
  }

  /** A private conversation follows its partner's nickname changes; a room may learn its real spelling. */
  rename(name) {
    this.name = name;
    this.#changed("name");
  }

  // Screen readers hear the conversation they are in, and private messages wherever they are.
  #announce(announcer, text) {
    if (this.current) {
      announcer.say(text);
    } else if (this.kind === "private") {
      announcer.say(`Private, ${text}`);
    }
  }
}
