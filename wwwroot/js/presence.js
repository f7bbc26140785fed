// Who is in the conversation shown: everyone online in the default room (the hub's Users), the
// room's members in another room, the two of you in a private conversation. You first, then by
// name. Choosing a person offers to message them privately or to mention them.

import { badge } from "./render.js";
import { nickKey } from "./names.js";

export class Presence {
  #section;
  #list;
  #label;
  #count;
  #toggle;
  #identity;
  #conversations;
  #inbox;
  #onMessage;
  #onMention;
  #open = null; // the person whose choices are shown, by nickname key
  #narrow = matchMedia("(max-width: 700px)");

  constructor({ section, list, label, count, toggle, identity, conversations, inbox, onMessage, onMention }) {
    this.#section = section;
    this.#list = list;
    this.#label = label;
    this.#count = count;
    this.#toggle = toggle;
    this.#identity = identity;
    this.#conversations = conversations;
    this.#inbox = inbox;
    this.#onMessage = onMessage;
    this.#onMention = onMention;
    // On a phone the list folds away behind its heading; on a wide screen it is always shown.
    toggle.addEventListener("click", () => {
      if (this.#narrow.matches) {
        section.classList.toggle("is-open");
        this.#syncExpanded();
      }
    });
    this.#narrow.addEventListener("change", () => this.#syncExpanded());
    this.#syncExpanded();
    list.addEventListener("click", (event) => this.#clicked(event));
    list.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.#open) {
        const nick = this.#open;
        this.#open = null;
        this.render();
        this.#list.querySelector(`[data-key="${CSS.escape(nick)}"] .person`)?.focus();
      }
    });
    conversations.onSwitch(() => {
      this.#open = null;
      this.render();
    });
    conversations.onChange((conversation, what) => {
      if ((what === "members" && conversation.current) || what === "online" || what === "name") {
        this.render();
      }
    });
  }

  /** Redraws the list, e.g. after your own nickname changed. */
  render() {
    const conversation = this.#conversations.current;
    const me = this.#identity.nick;
    const collator = new Intl.Collator(undefined, { sensitivity: "base" });
    const sorted = this.#people(conversation).sort((a, b) =>
      (b.nick === me) - (a.nick === me) || collator.compare(a.nick, b.nick));
    const focused = document.activeElement?.closest?.("#people-list [data-key]") ? document.activeElement : null;
    const refocus = focused && { key: focused.closest("[data-key]").dataset.key, action: focused.dataset.action };
    this.#list.replaceChildren(...sorted.map((user) => this.#item(user, user.nick === me)));
    if (refocus) {
      this.#list.querySelector(`[data-key="${CSS.escape(refocus.key)}"] [data-action="${refocus.action}"]`)?.focus();
    }
    const where = conversation.kind === "home" ? "Online" : conversation.kind === "room" ? `In ${conversation.name}` : "Private";
    this.#label.textContent = where;
    this.#count.textContent = String(sorted.length);
    this.#toggle.setAttribute("aria-label", conversation.kind === "home" ? `${sorted.length} online` : `${where}: ${sorted.length}`);
  }

  #people(conversation) {
    switch (conversation.kind) {
      case "room":
        return conversation.members.list();
      case "private": {
        const online = new Map(this.#inbox.online.map((user) => [nickKey(user.nick), user]));
        const partner = online.get(nickKey(conversation.name)) ?? { nick: conversation.name, source: "", offline: true };
        const me = online.get(nickKey(this.#identity.nick)) ?? { nick: this.#identity.nick, source: "web" };
        return [me, partner];
      }
      default:
        return [...this.#inbox.online];
    }
  }

  #item(user, isMe) {
    const item = document.createElement("li");
    item.dataset.nick = user.nick;
    item.dataset.key = nickKey(user.nick);
    item.dataset.source = user.source;
    const name = document.createElement("span");
    name.className = "person__name";
    name.textContent = user.nick;
    const who = user.source ? [badge(user.source), name] : [name];
    if (isMe) {
      item.classList.add("is-you");
      const you = document.createElement("span");
      you.className = "msg__you";
      you.textContent = "(you)";
      item.append(...who, you);
      return item;
    }
    const person = document.createElement("button");
    person.type = "button";
    person.className = "person";
    person.dataset.action = "person";
    const open = this.#open === item.dataset.key;
    person.setAttribute("aria-expanded", String(open));
    person.append(...who);
    if (user.offline) {
      item.classList.add("is-offline");
      const offline = document.createElement("span");
      offline.className = "msg__you";
      offline.textContent = "(offline)";
      person.append(offline);
    }
    item.append(person);
    if (open) {
      const actions = document.createElement("span");
      actions.className = "person__actions";
      actions.append(action("message", "Message", `Send ${user.nick} a private message`),
        action("mention", "Mention", `Mention ${user.nick} in the message box`));
      item.append(actions);
    }
    return item;
  }

  #clicked(event) {
    const button = event.target.closest("button[data-action]");
    const nick = button?.closest("[data-nick]")?.dataset.nick;
    if (!nick) {
      return;
    }
    switch (button.dataset.action) {
      case "person": {
        const key = nickKey(nick);
        this.#open = this.#open === key ? null : key;
        this.render();
        if (this.#open) {
          this.#list.querySelector(`[data-key="${CSS.escape(key)}"] [data-action="message"]`)?.focus();
        }
        break;
      }
      case "message":
        this.#open = null;
        this.#onMessage(nick);
        break;
      case "mention":
        this.#open = null;
        this.render();
        this.#onMention(nick);
        break;
      default:
        break;
    }
  }

  #syncExpanded() {
    const open = !this.#narrow.matches || this.#section.classList.contains("is-open");
    this.#toggle.setAttribute("aria-expanded", String(open));
  }
}

function action(name, text, label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "person__action";
  button.dataset.action = name;
  button.textContent = text;
  button.setAttribute("aria-label", label);
  return button;
}
