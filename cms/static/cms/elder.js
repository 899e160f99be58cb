/* The elder mode (长者模式), cms/templates/cms/includes/access_bar.html.
 *
 * Loaded in <head> before the styles: the reader's choice, kept in this browser's
 * localStorage (never a cookie, nothing sent to the server, so every page stays the same
 * HTML for everyone and is cached as such), becomes classes on <html> before the first
 * paint: "elder" and "elder-size-1" to "elder-size-3" (body text 18, 20 and 24 px).
 * "js" shows the mode's buttons instead of the plain link that works without scripts.
 */
(function () {
  "use strict";
  var KEY = "policy-cms-elder";
  var root = document.documentElement;

  function stored() {
    try {
      var size = parseInt(window.localStorage.getItem(KEY), 10);
      return size >= 1 && size <= 3 ? size : 0;
    } catch (e) {
      return 0; // storage refused (a private window): the mode lasts for this page only
    }
  }

  function apply(size) {
    root.classList.toggle("elder", size > 0);
    for (var step = 1; step <= 3; step++) {
      root.classList.toggle("elder-size-" + step, size === step);
    }
  }

  function save(size) {
    try {
      if (size) {
        window.localStorage.setItem(KEY, String(size));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* not kept; applied to this page all the same */
    }
  }

  var size = stored();
  root.classList.add("js");
  apply(size);

  function refresh() {
    var buttons = document.querySelectorAll("[data-elder]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var action = button.getAttribute("data-elder");
      if (action === "toggle") {
        button.setAttribute("aria-pressed", size > 0 ? "true" : "false");
      } else if (action === "smaller") {
        // aria-disabled, not disabled: the button keeps the keyboard's focus.
        button.setAttribute("aria-disabled", size <= 1 ? "true" : "false");
      } else if (action === "larger") {
        button.setAttribute("aria-disabled", size >= 3 ? "true" : "false");
      }
    }
  }

  function change(next) {
    size = next;
    apply(size);
    save(size);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-elder]") : null;
      if (!button) return;
      var action = button.getAttribute("data-elder");
      if (action === "toggle") change(size ? 0 : 1);
      else if (action === "smaller" && size > 1) change(size - 1);
      else if (action === "larger" && size > 0 && size < 3) change(size + 1);
    });
  });
})();
