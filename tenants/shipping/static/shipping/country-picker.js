// Shipping zone form: filter the country list as the merchant types, and keep the
// "n countries chosen" line current. Without this script the list still works.
(function () {
  function setUp(picker) {
    picker.form = picker.closest("form");
    var search = picker.querySelector("[data-country-search]");
    var count = picker.querySelector("[data-country-count]");
    var items = Array.prototype.slice.call(picker.querySelectorAll("li[data-country-name]"));
    function filter() {
      var text = search.value.trim().toLowerCase();
      items.forEach(function (item) {
        item.hidden = Boolean(text) && item.dataset.countryName.indexOf(text) === -1;
      });
    }
    function recount() {
      var n = picker.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = n === 1 ? count.dataset.one : count.dataset.many.replace("__n__", n);
    }
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = items.find(function (item) { return !item.hidden; });
        if (first) { first.querySelector("input").click(); }
      }
    });
    picker.addEventListener("change", recount);
    // The rest-of-world zone lists no countries: hide the list while it is ticked.
    var world = picker.form && picker.form.querySelector("input[name=rest_of_world]");
    if (world) {
      var toggle = function () { picker.hidden = world.checked; };
      world.addEventListener("change", toggle);
      toggle();
    }
  }
  function ready() {
    document.querySelectorAll("[data-country-picker]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
