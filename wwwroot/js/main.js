// Wires the page together: one connection, the conversations (rooms and private ones), and a small
// object for each part of the screen.

import { ChatConnection } from "./connection.js";
import { Identity } from "./identity.js";
import { Announcer } from "./announcer.js";
import { ScrollView } from "./scroll.js";
import { Conversations } from "./conversations.js";
import { Inbox } from "./inbox.js";
import { RoomJoins } from "./roomjoins.js";
import { Outgoing } from "./outgoing.js";
import { OlderMessages } from "./older.js";
import { Presence } from "./presence.js";
import { RoomList } from "./roomlist.js";
import { RoomHead } from "./roomhead.js";
import { JoinForm } from "./joinform.js";
import { NickControl } from "./nickname.js";
import { Composer } from "./composer.js";
import { ConnectionStatus } from "./status.js";
import { UnreadTitle } from "./unread.js";
import { rememberedRooms, rememberedCurrent } from "./remembered.js";

const $ = (id) => document.getElementById(id);
const roomsBefore = rememberedRooms(); // read before anything is shown, which remembers itself
const shownBefore = rememberedCurrent();

const connection = new ChatConnection("hubs/chat");
const identity = new Identity();
const unread = new UnreadTitle(document.title);
const announcer = new Announcer($("announcer"));
const conversations = new Conversations({
  scroller: $("scroller"),
  scrollView: new ScrollView($("scroller"), $("new-below"), $("new-below-text")),
  shared: { identity, announcer, onIncoming: () => unread.increment() },
});
const inbox = new Inbox(conversations, identity);
const joins = new RoomJoins(connection, conversations);
const outgoing = new Outgoing({ connection, conversations, joins });

const composer = new Composer({
  form: $("composer-form"),
  input: $("composer-input"),
  hint: $("composer-hint"),
  error: $("composer-error"),
  connection,
  sender: () => outgoing.sender(conversations.current),
});
const roomList = new RoomList({
  nav: $("rooms"),
  rooms: $("room-list"),
  privates: $("private-list"),
  privateHint: $("private-hint"),
  toggle: $("rooms-toggle"),
  toggleCount: $("rooms-unread"),
  conversations,
  onClose: (conversation) => conversations.remove(conversation),
});
new RoomHead({
  title: $("room-title"),
  info: $("room-info"),
  leave: $("room-leave"),
  rejoin: $("room-rejoin"),
  error: $("room-error"),
  conversations,
  joins,
  inbox,
  onLeft: () => composer.focus(),
}).render();
new JoinForm({
  form: $("join-form"),
  input: $("join-input"),
  button: $("join-button"),
  error: $("join-error"),
  suggestions: $("room-suggestions"),
  connection,
  joins,
  onJoined: () => {
    roomList.closeDrawer();
    composer.focus();
  },
});
const older = new OlderMessages($("load-older"), $("older-status"), conversations, $("scroller"));
const presence = new Presence({
  section: document.querySelector(".people"),
  list: $("people-list"),
  label: $("people-label"),
  count: $("people-count"),
  toggle: $("people-toggle"),
  identity,
  conversations,
  inbox,
  onMessage: (nick) => {
    conversations.show(conversations.openPrivate(nick));
    composer.focus();
  },
  onMention: (nick) => composer.insert(`${nick}: `),
});
const nickControl = new NickControl({
  form: $("nick-form"),
  input: $("nick-input"),
  button: $("nick-save"),
  error: $("nick-error"),
  connection,
  identity,
});
const status = new ConnectionStatus({
  root: $("connection-state"),
  text: $("connection-text"),
  detail: $("connection-detail"),
  button: $("reconnect-now"),
  onReconnectNow: () => connection.reconnectNow(),
});

// Each conversation keeps its own unsent text; the message box says where a line will go.
conversations.onSwitch((shown, previous) => {
  const draft = composer.swapDraft(shown.draft);
  if (previous) {
    previous.draft = draft;
  }
  describeShown();
});
conversations.onChange((conversation, what) => {
  if (conversation.current && what === "name") {
    describeShown();
  }
});

// The rooms this tab was in before a reload: listed at once, joined once connected.
for (const name of roomsBefore) {
  conversations.addRoom(name, { listed: true });
}
if (shownBefore && conversations.findRoom(shownBefore)) {
  conversations.show(conversations.findRoom(shownBefore));
}

connection.on("Nickname", (nick) => {
  const newConnection = identity.expectingGuest;
  const reclaim = identity.received(nick);
  nickControl.show(nick);
  presence.render();
  if (reclaim) {
    nickControl.reclaim(reclaim);
  }
  if (newConnection) {
    // After the nickname is asked back, so that the rooms see its join, not a guest's.
    joins.rejoinAll();
  }
});
connection.on("History", (messages) => inbox.history(messages));
connection.on("Message", (message) => inbox.message(message));
connection.on("Users", (users) => inbox.users(users));
connection.on("Notice", (text) => conversations.current.timeline.notice(text, { error: /^(Error|Closing connection):/.test(text) }));

connection.onState((state, detail) => {
  status.show(state, detail);
  if (state === "connecting" || state === "reconnecting") {
    identity.expectGuest(); // each new connection starts with a guest nickname
  }
  document.body.dataset.connection = state;
});

describeShown();
older.refresh();
connection.start();
composer.focus();

function describeShown() {
  const { kind, name } = conversations.current;
  composer.placeholder = kind === "private" ? `Message ${name} privately` : name ? `Message ${name}` : "Message";
  $("scroller").setAttribute("aria-label", `Messages in ${name || "the chat"} (use the arrow keys to scroll)`);
}
