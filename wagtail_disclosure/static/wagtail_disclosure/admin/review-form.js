// The 保密审查 review form, in Wagtail's modal: the signed review form (保密审查单) is uploaded on its
// own as soon as it is picked (the modal posts the review serialised, without files), then chosen in the
// form's select. Event delegation: the modal's HTML arrives after this script.
(() => {
  "use strict";

  async function upload(input) {
    const box = input.closest("[data-disclosure-signed-form]");
    const form = input.closest("form");
    const status = box.querySelector("[data-disclosure-signed-form-status]");
    const select = form.querySelector("select[name=attachment]");
    const file = input.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    const token = form.querySelector("[name=csrfmiddlewaretoken]");
    const submit = form.querySelector("[type=submit]");
    status.classList.remove("error-message");
    status.textContent = box.dataset.uploadingText;
    input.disabled = true;
    if (submit) submit.disabled = true;
    try {
      const response = await fetch(box.dataset.uploadUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "XMLHttpRequest" },
      });
      let result = {};
      try {
        result = await response.json();
      } catch (error) {
        result = {};
      }
      if (!response.ok || !result.id) throw new Error(result.error || box.dataset.failedText);
      const option = new Option(result.label, String(result.id), true, true);
      select.add(option, select.options.length > 0 ? 1 : null);
      select.value = String(result.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = result.message;
    } catch (error) {
      status.classList.add("error-message");
      status.textContent = error.message || box.dataset.failedText;
    } finally {
      input.disabled = false;
      input.value = "";
      if (submit) submit.disabled = false;
    }
  }

  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.matches("[data-disclosure-signed-form-file]")) {
      upload(input);
    }
  });
})();
