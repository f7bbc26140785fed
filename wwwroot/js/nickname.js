// The nickname control: shows your nickname, changes it, and shows why not right beside it.

import { failureText } from "./connection.js";

export class NickControl {
  #input;
  #button;
  #error;
  #connection;
  #identity;
  #shown = "";

  constructor({ form, input, button, error, connection, identity }) {
    this.#input = input;
    this.#button = button;
    this.#error = error;
    this.#connection = connection;
    this.#identity = identity;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    input.addEventListener("input", () => this.#clearError());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        input.value = this.#identity.nick;
        this.#clearError();
      }
    });
  }

  /** Your nickname changed (server's word); the field follows unless you are editing it. */
  show(nick) {
    const editing = document.activeElement === this.#input && this.#input.value !== this.#shown;
    this.#shown = nick;
    if (!editing) {
      this.#input.value = nick;
    }
  }

  showError(text) {
    this.#error.textContent = text;
    this.#input.setAttribute("aria-invalid", "true");
  }

  /** Asks the server to give you back the nickname you chose, after a reconnect. */
  async reclaim(nick) {
    try {
      await this.#connection.setNick(nick);
    } catch (error) {
      this.showError(`Could not take back the nickname ${nick}: ${failureText(error)}`);
    }
  }

  async #submit() {
    const nick = this.#input.value.trim();
    if (nick === "") {
      this.showError("Type a nickname first.");
      return;
    }
    if (nick === this.#identity.nick) {
      this.#clearError();
      return;
    }
    if (!this.#connection.connected) {
      this.showError("Not connected: try again once the chat is back.");
      return;
    }
    this.#button.disabled = true;
    try {
      await this.#connection.setNick(nick);
      this.#clearError(); // the Nickname event that follows updates the field
    } catch (error) {
      this.showError(failureText(error));
    } finally {
      this.#button.disabled = false;
    }
  }

  #clearError() {
    this.#error.textContent = "";
    this.#input.removeAttribute("aria-invalid");
  }
}
