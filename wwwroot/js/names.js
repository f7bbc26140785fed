// Names as the server compares them: room names and nicknames match whatever their case, after
// Unicode NFKC normalisation ("#Rust" is "#rust"). What is shown keeps the spelling the server sent.

export function roomKey(name) {
  return String(name ?? "").trim().normalize("NFKC").toLowerCase();
}

export function nickKey(nick) {
  return String(nick ?? "").trim().normalize("NFKC").toLowerCase();
}
