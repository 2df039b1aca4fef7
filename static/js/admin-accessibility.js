/* Names for the admin's script-made controls, which Django leaves without one: the two
   inputs of a date and time, the select2 autocompletes and the horizontal filter's icon
   (axe: label, aria-input-field-name, aria-prohibited-attr, list). */
(function () {
  "use strict";

  function labelText(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.trim().replace(/:$/, "") : "";
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const name = labelText(select);
      const container = select.nextElementSibling;
      if (!name || !container || !container.classList.contains("select2")) {
        return;
      }
      container
        .querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field')
        .forEach(function (control) {
          control.removeAttribute("aria-labelledby");
          control.setAttribute("aria-label", name);
        });
    });
  }

  function nameFilterIcons(root) {
    // A span may not carry aria-label without a role: the icon is an image with a name.
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameDateTimeParts(root) {
    // Django writes "Date:" and "Time:" as bare text before the two inputs of a date and time.
    root.querySelectorAll("p.datetime input").forEach(function (input) {
      if (input.labels.length || input.hasAttribute("aria-label")) {
        return;
      }
      const before = input.previousSibling;
      const part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.trim() : "";
      const row = input.closest(".flex-container, .form-row, td");
      const label = row && row.querySelector("label");
      const field = label ? label.textContent.trim().replace(/:$/, "") : "";
      const name = [field, part.replace(/:$/, "")].filter(Boolean).join(" – ");
      if (name) {
        input.setAttribute("aria-label", name);
      }
    });
  }

  function hideClearButtons(root) {
    // select2 draws its mouse-only "×" (clear all) as a span inside its list of choices;
    // the keyboard clears with Backspace.
    root.querySelectorAll(".select2-selection__clear").forEach(function (clear) {
      clear.setAttribute("aria-hidden", "true");
    });
  }

  function name(root) {
    nameDateTimeParts(root);
    nameAutocompletes(root);
    nameFilterIcons(root);
    hideClearButtons(root);
  }

  // Django's scripts draw these controls when jQuery is ready (which may come after "load")
  // and again after each choice or new inline: name them whenever elements are added.
  let pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.setTimeout(function () {
        pending = false;
        name(document);
      }, 0);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", function () {
    name(document);
  });
})();
