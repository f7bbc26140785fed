// The message box. Enter sends and Shift+Enter starts a new line, but an Enter that only ends an
// IME composition (Korean, Japanese, Chinese input) never sends. Several lines (typed or pasted)
// are sent as one message per line, in order, up to MAX_LINES; more is refused, and nothing is
// sent. Text leaves the box as soon as it is queued, so typing can go on; a line the server
// refuses comes back into the box with the reason beside it. Each line goes where it was typed: the
// conversation shown when Enter was pressed, even if another is shown by the time it is sent.

import { failureText } from "./connection.js";

export const MAX_LINES = 20;

export class Composer {
  #input;
  #hint;
  #error;
  #connection;
  #sender;
  #composing = false;
  #queue = [];
  #sending = false;

  /** `sender()`: a function that sends one line where the reader is now. */
  constructor({ form, input, hint, error, connection, sender }) {
    this.#input = input;
    this.#sender = sender;
    this.#hint = hint;
    this.#error = error;
    this.#connection = connection;

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    input.addEventListener("compositionstart", () => {
      this.#composing = true;
    });
    input.addEventListener("compositionend", () => {
      this.#composing = false;
    });
    input.addEventListener("keydown", (event) => this.#keydown(event));
    input.addEventListener("paste", (event) => this.#paste(event));
    input.addEventListener("input", () => this.#changed());
  }

  focus() {
    this.#input.focus();
  }

  /** Puts another conversation's unsent text in the box; returns what was in it. */
  swapDraft(text) {
    const previous = this.#input.value;
    this.#input.value = text;
    this.#changed();
    return previous;
  }

  /** Says in the empty box where a line will go. */
  set placeholder(text) {
    this.#input.placeholder = text;
  }

  /** Inserts text where the cursor is (a mention), and puts the focus in the box. */
  insert(text) {
    this.#input.focus();
    this.#input.setRangeText(text, this.#input.selectionStart, this.#input.selectionEnd, "end");
    this.#changed();
  }

  #keydown(event) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey) {
      return;
    }
    // isComposing: the Enter that ends a composition (Chrome, Firefox). keyCode 229: the same in
    // browsers that end the composition before the key event (Safari). The flag: belt and braces.
    if (event.isComposing || event.keyCode === 229 || this.#composing) {
      return;
    }
    event.preventDefault();
    this.#submit();
  }

  // A multi-line paste keeps its lines (browsers differ: some would flatten or drop them) and
  // the hint below the box says what Enter will do with them.
  #paste(event) {
    const text = event.clipboardData?.getData("text/plain");
    if (!text || !/[\r\n]/.test(text)) {
      return;
    }
    event.preventDefault();
    const normalized = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    const { selectionStart, selectionEnd } = this.#input;
    this.#input.setRangeText(normalized, selectionStart, selectionEnd, "end");
    this.#changed();
  }

  #changed() {
    this.#error.textContent = "";
    this.#resize();
    const count = lines(this.#input.value).length;
    this.#hint.classList.toggle("composer__hint--warning", count > MAX_LINES);
    if (count > MAX_LINES) {
      this.#hint.textContent = `${count} lines: too many to send at once (at most ${MAX_LINES}). Nothing will be sent until some are removed.`;
    } else if (count > 1) {
      this.#hint.textContent = `${count} lines: Enter sends them as ${count} messages, in order.`;
    } else {
      this.#hint.textContent = "";
    }
  }

  #resize() {
    this.#input.style.height = "auto";
    this.#input.style.height = `${this.#input.scrollHeight + 2}px`;
  }

  #submit() {
    const pending = lines(this.#input.value);
    if (pending.length === 0) {
      return;
    }
    if (pending.length > MAX_LINES) {
      this.#error.textContent = `Not sent: ${pending.length} lines is more than the ${MAX_LINES} that can be sent at once.`;
      return;
    }
    if (!this.#connection.connected) {
      this.#error.textContent = "Not connected: your message stays here until the chat is back.";
      return;
    }
    this.#input.value = "";
    this.#changed();
    const send = this.#sender();
    this.#queue.push(...pending.map((line) => ({ line, send })));
    this.#drain();
  }

  async #drain() {
    if (this.#sending) {
      return;
    }
    this.#sending = true;
    try {
      while (this.#queue.length > 0) {
        const { line, send } = this.#queue[0];
        try {
          await send(line);
          this.#queue.shift();
        } catch (error) {
          this.#giveBack(this.#queue.splice(0).map((queued) => queued.line), failureText(error));
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  // Unsent lines go back in front of whatever was typed since, so nothing is lost.
  #giveBack(unsent, reason) {
    const typed = this.#input.value;
    this.#input.value = [...unsent, ...(typed ? [typed] : [])].join("\n");
    this.#changed();
    this.#error.textContent = `Not sent: ${reason}`;
  }
}

function lines(text) {
  return text.split("\n").filter((line) => line.trim() !== "");
}
