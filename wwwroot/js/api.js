// The chat's HTTP history API: pages of stored messages around a given id, oldest first.

export const PAGE_LIMIT = 200;

export function messagesAfter(id, limit = PAGE_LIMIT) {
  return getMessages(`after=${encodeURIComponent(id)}&limit=${limit}`);
}

export function messagesBefore(id, limit = 50) {
  return getMessages(`before=${encodeURIComponent(id)}&limit=${limit}`);
}

async function getMessages(query) {
  const response = await fetch(`api/messages?${query}`, {
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
