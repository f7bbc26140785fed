// The heading of the conversation shown: its name, a line about it, and its buttons: leave the
// room (any but the default one), join it again if that failed, or close a private conversation.
// Why leaving failed is shown right beside the button.

import { failureText } from "./connection.js";
import { nickKey } from "./names.js";

export class RoomHead {
  #title;
  #info;
  #leave;
  #rejoin;
  #error;
  #conversations;
  #inbox;

  constructor({ title, info, leave, rejoin, error, conversations, joins, inbox, onLeft }) {
    this.#title = title;
    this.#info = info;
    this.#leave = leave;
    this.#rejoin = rejoin;
    this.#error = error;
    this.#conversations = conversations;
    this.#inbox = inbox;

    leave.addEventListener("click", async () => {
      const conversation = conversations.current;
      this.#error.textContent = "";
      leave.disabled = true;
      try {
        if (conversation.kind === "private") {
          conversations.remove(conversation);
        } else {
          await joins.leave(conversation);
        }
        onLeft();
      } catch (error) {
        this.#error.textContent = `Could not leave ${conversation.name}: ${failureText(error)}`;
      } finally {
        leave.disabled = false;
      }
    });
    rejoin.addEventListener("click", async () => {
      const conversation = conversations.current;
      this.#error.textContent = "";
      try {
        await joins.join(conversation.name);
      } catch (error) {
        this.#error.textContent = `Could not join ${conversation.name}: ${failureText(error)}`;
      }
    });
    conversations.onSwitch(() => {
      this.#error.textContent = "";
      this.render();
    });
    conversations.onChange((conversation, what) => {
      if (conversation.current || what === "online") {
        this.render();
      }
    });
  }

  render() {
    const conversation = this.#conversations.current;
    this.#title.textContent = conversation.kind === "private" ? conversation.name : conversation.name || "Chat";
    this.#title.dataset.kind = conversation.kind;
    this.#info.textContent = this.#describe(conversation);
    this.#leave.hidden = conversation.kind === "home";
    this.#leave.textContent = conversation.kind === "private" ? "Close" : "Leave";
    this.#leave.setAttribute("aria-label", conversation.kind === "private"
      ? `Close the conversation with ${conversation.name}`
      : `Leave ${conversation.name}`);
    this.#rejoin.hidden = conversation.state !== "out" || conversation.kind !== "room";
  }

  #describe(conversation) {
    switch (conversation.kind) {
      case "home":
        return "Everyone online is here.";
      case "private": {
        const online = this.#inbox.online.some((user) => nickKey(user.nick) === nickKey(conversation.name));
        return online
          ? `Private: only you and ${conversation.name} see this.`
          : `${conversation.name} is not online: messages cannot reach them now.`;
      }
      default:
        return conversation.state === "joining" ? "Joining…" : conversation.state === "out" ? "You are not in this room." : "";
    }
  }
}
