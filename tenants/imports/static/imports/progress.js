// The import's progress bar: polls the job's progress URL once a second and fills in
// the bar, rows, rate and time left; reloads the page when the job settles (so the
// result or the preview appears). No inline script: the admin's CSP forbids it.
(function () {
  "use strict";
  var root = document.getElementById("import-job");
  if (!root || !root.dataset.progressUrl) return;
  var url = root.dataset.progressUrl;
  var bar = document.getElementById("import-progress");
  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }
  function set(name, text) { var el = field(name); if (el) el.textContent = text; }
  function minutes(seconds) {
    if (seconds === null || seconds === undefined || seconds <= 0) return "";
    if (seconds < 60) return "· about " + seconds + " s left";
    return "· about " + Math.round(seconds / 60) + " min left";
  }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + " %"; }
        set("percent", data.percent);
        set("rows_done", data.rows_done);
        set("total_rows", data.total_rows);
        set("status_label", data.status_label);
        set("rate", data.rows_per_second ? "· " + data.rows_per_second + " rows/s" : "");
        set("eta", minutes(data.seconds_left));
        if (data.status !== root.dataset.status && !data.active) {
          window.location.reload();
          return;
        }
        if (data.status !== root.dataset.status) root.dataset.status = data.status;
        window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  tick();
})();
