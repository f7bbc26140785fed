// The rooms this tab has joined, and the conversation it shows, kept in sessionStorage (like the
// nickname) so that a reload, or a server restart, comes back to them.

const ROOMS_KEY = "webtcpchat.rooms";
const CURRENT_KEY = "webtcpchat.current";
const MAX_ROOMS = 50; // more than the server allows anyone to join; bounds what a tampered entry costs

export function rememberedRooms() {
  try {
    const rooms = JSON.parse(sessionStorage.getItem(ROOMS_KEY) ?? "[]");
    return Array.isArray(rooms)
      ? rooms.filter((room) => typeof room === "string" && room.startsWith("#") && room.length <= 64).slice(0, MAX_ROOMS)
      : [];
  } catch {
    return []; // storage disabled or garbled: start in the default room
  }
}

export function rememberRooms(names) {
  write(ROOMS_KEY, JSON.stringify(names));
}

/** The room shown last (a room's name; private conversations are not kept over a reload). */
export function rememberedCurrent() {
  try {
    return sessionStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

export function rememberCurrent(name) {
  write(CURRENT_KEY, name ?? "");
}

function write(key, value) {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // storage disabled: the rooms just are not remembered
  }
}
