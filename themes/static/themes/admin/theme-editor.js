// Live preview: every change is saved as a draft, then the preview frame reloads.
//
// The draft only shows where the frame's address carries the signed preview token.
// Links and GET forms inside the frame keep it (partials/preview_links.html); a page
// reached without it, such as the redirect after a POST ("add to cart", a newsletter
// sign-up), is reloaded here with it, so the merchant never drops out of the preview.
// The device buttons draw the storefront at a phone's, a tablet's or a desktop's
// width; the desktop one is scaled down to fit beside the form, so the merchant sees
// the real desktop layout rather than a squeezed one.
(function () {
  "use strict";
  var root = document.querySelector("[data-theme-editor]");
  if (!root) return;
  var form = root.querySelector("[data-theme-form]");
  var frame = root.querySelector("[data-preview-frame]");
  var pageSelect = root.querySelector("[data-preview-page]");
  var state = root.querySelector("[data-preview-state]");
  var query = frame.getAttribute("data-preview-query");
  var token = new URLSearchParams(query);
  var viewport = root.querySelector("[data-preview-viewport]");
  var devices = root.querySelectorAll("[data-preview-device]");
  var device = "desktop";
  var DEVICE_WIDTHS = { desktop: 1280, tablet: 768, mobile: 390 };
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
  function keepPreview() {
    var win;
    try {
      win = frame.contentWindow;
      if (!win || win.location.origin !== window.location.origin) return;
    } catch (e) {
      return; // another origin: not ours to steer
    }
    var url = new URL(win.location.href);
    if (url.pathname.indexOf("/admin/") === 0) return;
    var missing = false;
    token.forEach(function (value, name) {
      if (url.searchParams.get(name) !== value) {
        url.searchParams.set(name, value);
        missing = true;
      }
    });
    if (missing) win.location.replace(url.toString());
  }
  function fitFrame() {
    var width = DEVICE_WIDTHS[device];
    var room = viewport.clientWidth;
    var scale = width > room ? room / width : 1;
    frame.style.width = width + "px";
    frame.style.transform = scale < 1 ? "scale(" + scale + ")" : "";
    frame.style.height = Math.round(viewport.clientHeight / scale) + "px";
    viewport.setAttribute("data-device", device);
  }
  devices.forEach(function (button) {
    button.addEventListener("click", function () {
      device = button.getAttribute("data-preview-device");
      devices.forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      fitFrame();
    });
  });
  window.addEventListener("resize", fitFrame);
  frame.addEventListener("load", keepPreview);
  fitFrame();
  pageSelect.addEventListener("change", function () {
    path = pageSelect.value;
    frame.src = previewUrl(path);
  });
})();
