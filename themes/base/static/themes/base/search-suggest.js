/* Suggestions under the search box as the shopper types (progressive enhancement).
 *
 * Without JavaScript the box is a GET form to the search page, as before. With it,
 * the input becomes an ARIA 1.2 combobox: after a short pause the shop's
 * /search/suggest/ endpoint is asked for a few products and collections, shown in a
 * listbox under the box. Arrow keys move through them (aria-activedescendant; focus
 * stays in the box), Enter opens the highlighted one (or submits the search as
 * before when none is), Escape closes the list, and a polite live region says how
 * many suggestions there are. Texts come from data attributes, translated by the
 * server; every suggestion is put in with textContent, never as HTML.
 */
(function () {
  "use strict";
  var DELAY_MS = 150;
  var MIN_CHARS = 2;

  function enhance(form) {
    if (form.dataset.suggestReady) return;
    form.dataset.suggestReady = "1";
    var input = form.querySelector("input[type=search]");
    var url = form.dataset.searchSuggest;
    if (!input || !url || !window.fetch) return;
    var text = form.dataset;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text.suggestLabel || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.classList.add("search-form--suggest");
    input.parentNode.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var cache = {};
    var shownFor = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }

    function open() {
      if (!options.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (index < 0 || !options[index]) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var option = options[index];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
    }

    function option(kind, label, detail, href) {
      var li = document.createElement("li");
      li.id = listId + "-" + options.length;
      li.className = "search-suggest__option search-suggest__option--" + kind;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = href;
      var title = document.createElement("span");
      title.className = "search-suggest__title";
      title.textContent = label;
      li.appendChild(title);
      if (detail) {
        var small = document.createElement("span");
        small.className = "search-suggest__detail";
        small.textContent = detail;
        li.appendChild(small);
      }
      options.push(li);
      list.appendChild(li);
    }

    function render(data) {
      list.textContent = "";
      options = [];
      active = -1;
      data.products.forEach(function (p) {
        option("product", p.title, p.price, p.url);
      });
      data.collections.forEach(function (c) {
        option("collection", c.title, text.suggestCollection || "", c.url);
      });
      var found = options.length;
      if (data.search_url) {
        option("all", (text.suggestAll || "").replace("%s", data.query), "", data.search_url);
      }
      shownFor = data.query;
      status.textContent = found
        ? (found === 1 ? text.suggestOne : text.suggestMany || "").replace("%d", found)
        : text.suggestNone || "";
      if (document.activeElement === input) open();
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        list.textContent = "";
        options = [];
        shownFor = null;
        close();
        return;
      }
      if (cache[query]) return render(cache[query]);
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "omit",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          cache[query] = data;
          if (input.value.trim() === query) render(data);
        })
        .catch(function () {
          /* Aborted, offline or refused: the form still submits to the search page. */
        });
    }

    function go(index) {
      var target = options[index];
      if (target) window.location.assign(target.dataset.href);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        event.preventDefault();
        if (list.hidden) {
          if (shownFor !== null && options.length) open();
          else ask();
          if (options.length) setActive(0);
        } else {
          setActive(active + 1 < options.length ? active + 1 : 0);
        }
      } else if (key === "ArrowUp" || key === "Up") {
        event.preventDefault();
        if (list.hidden) {
          open();
          setActive(options.length - 1);
        } else {
          setActive(active > 0 ? active - 1 : options.length - 1);
        }
      } else if (key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (key === "Escape" || key === "Esc") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      } else if (key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      /* A click on a suggestion lands first (mousedown keeps the focus below). */
      setTimeout(close, 150);
    });

    input.addEventListener("focus", function () {
      if (shownFor !== null && shownFor === input.value.trim()) open();
    });

    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    list.addEventListener("click", function (event) {
      var li = event.target.closest("[role=option]");
      if (li) go(options.indexOf(li));
    });

    list.addEventListener("mousemove", function (event) {
      var li = event.target.closest("[role=option]");
      if (li && options.indexOf(li) !== active) setActive(options.indexOf(li));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-search-suggest]"), enhance);
})();
