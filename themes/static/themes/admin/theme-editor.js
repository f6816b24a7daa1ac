// Live preview: every change is saved as a draft, then the preview frame reloads.
(function () {
  "use strict";
  var root = document.querySelector("[data-theme-editor]");
  if (!root) return;
  var form = root.querySelector("[data-theme-form]");
  var frame = root.querySelector("[data-preview-frame]");
  var pageSelect = root.querySelector("[data-preview-page]");
  var state = root.querySelector("[data-preview-state]");
  var query = frame.getAttribute("data-preview-query");
  var timer = null;
  var path = "/";

  function previewUrl(p) {
    return p + (p.indexOf("?") === -1 ? "?" : "&") + query;
  }
  function currentPath() {
    try {
      var loc = frame.contentWindow.location;
      var params = new URLSearchParams(loc.search);
      params.delete("theme_preview");
      var rest = params.toString();
      return loc.pathname + (rest ? "?" + rest : "");
    } catch (e) {
      return path;
    }
  }
  function showErrors(errors) {
    root.querySelectorAll("[data-error-for]").forEach(function (el) {
      var name = el.getAttribute("data-error-for");
      el.textContent = errors && errors[name] ? errors[name].join(" ") : "";
      el.parentNode.classList.toggle("theme-field--error", !!(errors && errors[name]));
    });
  }
  function saveDraft() {
    var data = new FormData(form);
    data.set("action", "draft");
    state.textContent = state.getAttribute("data-saving");
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          showErrors(null);
          state.textContent = state.getAttribute("data-saved");
          frame.src = previewUrl(currentPath());
        } else {
          showErrors(result.body.errors);
          state.textContent = state.getAttribute("data-invalid");
        }
      })
      .catch(function () {
        state.textContent = state.getAttribute("data-failed");
      });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 400);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 150);
  });
  pageSelect.addEventListener("change", function () {
    path = pageSelect.value;
    frame.src = previewUrl(path);
  });
})();
