// The chat's HTTP history API: pages of one room's stored messages around a given id, oldest first.
// Without a room, the default room's. (Private messages are never stored, so never here.)

export const PAGE_LIMIT = 200;

export function messagesAfter(id, { room, limit = PAGE_LIMIT } = {}) {
  return getMessages({ after: id, limit, room });
}

export function messagesBefore(id, { room, limit = 50 } = {}) {
  return getMessages({ before: id, limit, room });
}

async function getMessages({ room, ...query }) {
  const parameters = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  if (room) {
    parameters.set("room", room); // URLSearchParams writes the # as %23
  }
  const response = await fetch(`api/messages?${parameters}`, {
    headers: { Accept: "application/json" },
    cache: "no-store",
  });
  if (!response.ok) {
    throw new Error(`The message history answered ${response.status}.`);
  }
  const messages = await response.json();
  if (!Array.isArray(messages)) {
    throw new Error("The message history sent something other than a list.");
  }
  return messages;
}
