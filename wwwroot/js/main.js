// Wires the page together: one connection, and a small object for each part of the screen.

import { ChatConnection } from "./connection.js";
import { Identity } from "./identity.js";
import { Announcer } from "./announcer.js";
import { ScrollKeeper } from "./scroll.js";
import { Timeline } from "./timeline.js";
import { MessageSync } from "./sync.js";
import { OlderMessages } from "./older.js";
import { Presence } from "./presence.js";
import { NickControl } from "./nickname.js";
import { Composer } from "./composer.js";
import { ConnectionStatus } from "./status.js";
import { UnreadTitle } from "./unread.js";

const $ = (id) => document.getElementById(id);

const connection = new ChatConnection("hubs/chat");
const identity = new Identity();
const unread = new UnreadTitle(document.title);
const scroll = new ScrollKeeper($("scroller"), $("new-below"), $("new-below-text"));
const timeline = new Timeline($("messages"), {
  scroll,
  identity,
  announcer: new Announcer($("announcer")),
  onIncoming: () => unread.increment(),
  onTrimmed: () => older.reset(),
});
const sync = new MessageSync(timeline);
const older = new OlderMessages($("load-older"), $("older-status"), timeline);
const presence = new Presence({
  section: document.querySelector(".people"),
  list: $("people-list"),
  count: $("people-count"),
  toggle: $("people-toggle"),
  identity,
});
const nickControl = new NickControl({
  form: $("nick-form"),
  input: $("nick-input"),
  button: $("nick-save"),
  error: $("nick-error"),
  connection,
  identity,
});
const composer = new Composer({
  form: $("composer-form"),
  input: $("composer-input"),
  hint: $("composer-hint"),
  error: $("composer-error"),
  connection,
});
const status = new ConnectionStatus({
  root: $("connection-state"),
  text: $("connection-text"),
  detail: $("connection-detail"),
  button: $("reconnect-now"),
  onReconnectNow: () => connection.reconnectNow(),
});

connection.on("Nickname", (nick) => {
  const reclaim = identity.received(nick);
  nickControl.show(nick);
  presence.render();
  if (reclaim) {
    nickControl.reclaim(reclaim);
  }
});
connection.on("History", (messages) => {
  sync.history(messages);
  older.refresh();
});
connection.on("Message", (message) => sync.message(message));
connection.on("Users", (users) => presence.update(users));
connection.on("Notice", (text) => timeline.notice(text, { error: /^(Error|Closing connection):/.test(text) }));

connection.onState((state, detail) => {
  status.show(state, detail);
  if (state === "connecting" || state === "reconnecting") {
    identity.expectGuest(); // each new connection starts with a guest nickname
  }
  document.body.dataset.connection = state;
});

connection.start();
composer.focus();
