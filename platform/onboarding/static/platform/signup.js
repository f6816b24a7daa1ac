// As-you-type subdomain check on the sign-up form. Without JavaScript the form
// still works: the server checks the same rules on submit.
(function () {
  var input = document.getElementById("id_subdomain");
  var out = document.getElementById("subdomain-status");
  if (!input || !out) return;
  var url = input.getAttribute("data-check-url");
  var timer = null, last = null;
  function show(data) {
    out.textContent = "";
    out.className = data.available ? "help status-ok" : "error";
    out.textContent = data.available ? data.address + " \u2713" : data.errors.join(" ");
  }
  function check() {
    var value = input.value;
    if (value === last || !value) return;
    last = value;
    fetch(url + "?subdomain=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (data.subdomain === input.value) show(data); })
      .catch(function () {});
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 250); });
  var name = document.getElementById("id_shop_name");
  if (name) {
    name.addEventListener("input", function () {
      if (input.dataset.touched) return;
      input.value = name.value.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
      clearTimeout(timer); timer = setTimeout(check, 250);
    });
    input.addEventListener("keydown", function () { input.dataset.touched = "1"; });
  }
})();
