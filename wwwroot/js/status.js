// The connection state in words (and a coloured dot): connecting, connected, reconnecting, offline
// with the time of the next try and a button to try now, or left after /quit.

const TEXTS = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Disconnected",
  left: "You left the chat",
};

export class ConnectionStatus {
  #root;
  #text;
  #detail;
  #button;
  #countdown = 0;

  constructor({ root, text, detail, button, onReconnectNow }) {
    this.#root = root;
    this.#text = text;
    this.#detail = detail;
    this.#button = button;
    button.addEventListener("click", onReconnectNow);
  }

  show(state, { retryAt } = {}) {
    clearInterval(this.#countdown);
    this.#root.dataset.state = state;
    this.#text.textContent = TEXTS[state] ?? state;
    this.#detail.textContent = "";
    this.#button.hidden = state !== "offline" && state !== "left";
    this.#button.textContent = state === "left" ? "Join again" : "Reconnect now";
    if (state === "offline" && retryAt) {
      // Outside the live region (aria-hidden): a ticking countdown must not be read out every second.
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
        this.#detail.textContent = `· retrying in ${seconds} s`;
      };
      tick();
      this.#countdown = setInterval(tick, 1000);
    }
  }
}
