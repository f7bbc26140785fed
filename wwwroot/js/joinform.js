// "Join a room": a room's name (the # may be left out), the server's reason shown right beside the
// box when it refuses, and the rooms that exist offered as suggestions while typing.

import { failureText } from "./connection.js";

export class JoinForm {
  #input;
  #button;
  #error;
  #suggestions;
  #connection;
  #joins;
  #onJoined;

  constructor({ form, input, button, error, suggestions, connection, joins, onJoined }) {
    this.#input = input;
    this.#button = button;
    this.#error = error;
    this.#suggestions = suggestions;
    this.#connection = connection;
    this.#joins = joins;
    this.#onJoined = onJoined;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    input.addEventListener("input", () => this.#clearError());
    input.addEventListener("focus", () => this.#suggest());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value) {
        event.stopPropagation(); // clears the box; a second Escape closes the drawer on a phone
        input.value = "";
        this.#clearError();
      }
    });
  }

  async #submit() {
    const typed = this.#input.value.trim();
    if (typed === "") {
      this.#showError("Type a room's name first, like #lobby.");
      return;
    }
    if (!this.#connection.connected) {
      this.#showError("Not connected: try again once the chat is back.");
      return;
    }
    const name = typed.startsWith("#") ? typed : `#${typed}`;
    this.#button.disabled = true;
    try {
      await this.#joins.join(name);
      this.#input.value = "";
      this.#clearError();
      this.#onJoined();
    } catch (error) {
      this.#showError(failureText(error));
    } finally {
      this.#button.disabled = false;
    }
  }

  async #suggest() {
    if (!this.#connection.connected) {
      return;
    }
    try {
      const rooms = await this.#connection.rooms();
      this.#suggestions.replaceChildren(...rooms.slice(0, 100).map((room) => {
        const option = document.createElement("option");
        option.value = room.name;
        option.label = room.count === 1 ? "1 person" : `${room.count} people`;
        return option;
      }));
    } catch {
      // no suggestions this time; joining works without them
    }
  }

  #showError(text) {
    this.#error.textContent = text;
    this.#input.setAttribute("aria-invalid", "true");
  }

  #clearError() {
    this.#error.textContent = "";
    this.#input.removeAttribute("aria-invalid");
  }
}
