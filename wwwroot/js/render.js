// Builds the DOM for one chat event. User text only ever goes through textContent and text nodes:
// whatever a terminal user types, `<img onerror=...>` included, shows as the characters typed.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const fullTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });

const SOURCE_LABELS = { tcp: "tcp", web: "web", system: "server" };
const SOURCE_TITLES = { tcp: "on a terminal (TCP)", web: "in a browser", system: "the server" };

// http(s) URLs only; trailing punctuation belongs to the sentence, not the link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,!?;:'"»”’)\]}]+$/;

export function renderMessage(message, { own }) {
  const item = element("li", `msg msg--${message.kind}`);
  item.dataset.id = String(message.id);
  item.dataset.source = message.source;
  item.dataset.time = message.time;
  if (own) {
    item.classList.add("msg--own");
  }
  if (["join", "leave", "nick", "system"].includes(message.kind)) {
    item.classList.add("msg--event");
  }

  item.append(renderTime(message.time));
  const body = element("div", "msg__body");
  switch (message.kind) {
    case "action":
      body.append(element("span", "msg__star", "*"), badge(message.source), nick(message.nick, own), " ", textOf(message));
      break;
    case "join":
      body.append(icon("→"), badge(message.source), nick(message.nick, own), ` joined ${message.source === "tcp" ? "from a terminal" : "from a browser"}`);
      break;
    case "leave":
      body.append(icon("←"), badge(message.source), nick(message.nick, own), " left", leaveReason(message.text));
      break;
    case "nick":
      body.append(icon("✎"), badge(message.source), nick(message.nick, false), " is now known as ", nick(message.text, own));
      break;
    case "system":
      body.append(icon("ℹ"), textOf(message));
      break;
    default:
      body.append(badge(message.source), nick(message.nick, own), " ", textOf(message));
      break;
  }
  item.append(body);
  return item;
}

/** A reply for this page alone (/who, /help, errors, the server closing the connection). */
export function renderNotice(text, { error = false } = {}) {
  const item = element("li", "msg msg--notice");
  if (error) {
    item.classList.add("msg--notice-error");
  }
  item.append(renderTime(new Date().toISOString()), element("div", "msg__body", text));
  return item;
}

export function renderDivider(text, { warning = false } = {}) {
  const item = element("li", "divider", text);
  item.setAttribute("role", "separator");
  if (warning) {
    item.classList.add("divider--warning");
  }
  return item;
}

/** The local calendar day of an ISO time, as a key and as words. */
export function dayOf(iso) {
  const date = new Date(iso);
  return {
    key: `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`,
    label: dayFormat.format(date),
  };
}

/** One message in words, for screen readers and the window title. */
export function describe(message) {
  switch (message.kind) {
    case "action":
      return `${message.nick} ${message.text}`;
    case "join":
      return `${message.nick} joined`;
    case "leave":
      return `${message.nick} left`;
    case "nick":
      return `${message.nick} is now known as ${message.text}`;
    case "system":
      return message.text;
    default:
      return `${message.nick}: ${message.text}`;
  }
}

export function badge(source) {
  const label = element("span", `badge badge--${source}`, SOURCE_LABELS[source] ?? source);
  label.title = SOURCE_TITLES[source] ?? source;
  return label;
}

/** A nickname in its own steady colour, so a busy chat is easy to follow. */
export function nick(name, own) {
  const span = element("span", "msg__nick", name);
  span.style.setProperty("--nick-hue", String(hue(name)));
  if (!own) {
    return span;
  }
  const wrapper = document.createDocumentFragment();
  wrapper.append(span, element("span", "msg__you", "(you)"));
  return wrapper;
}

// "Left" is what leaving a room says without a reason; "Left: REASON" with one.
function leaveReason(text) {
  if (!text || text === "Left") {
    return "";
  }
  return ` (${text.startsWith("Left: ") ? text.slice(6) : text})`;
}

function textOf(message) {
  const span = element("span", "msg__text");
  span.append(linkified(message.text));
  return span;
}

function renderTime(iso) {
  const date = new Date(iso);
  const time = element("time", "msg__time", timeFormat.format(date));
  time.dateTime = iso;
  time.title = fullTimeFormat.format(date);
  return time;
}

function icon(symbol) {
  const span = element("span", "msg__icon", symbol);
  span.setAttribute("aria-hidden", "true");
  return span;
}

/** The text as text nodes, with http(s) URLs turned into links that open safely in a new tab. */
export function linkified(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING_PUNCTUATION, "");
    const url = safeUrl(raw);
    if (!url) {
      continue;
    }
    fragment.append(document.createTextNode(text.slice(last, match.index)));
    const link = element("a", "", raw);
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    fragment.append(link);
    last = match.index + raw.length;
  }
  fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function hue(name) {
  let hash = 2166136261;
  for (const char of name) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % 360;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
