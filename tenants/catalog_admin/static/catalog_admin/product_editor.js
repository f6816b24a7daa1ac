/* The product editor: options -> variant rows, price for all, picture upload and order.
 *
 * Plain script loaded from our own origin (the admin's Content-Security-Policy allows
 * scripts from 'self'), no framework. The server is the authority: it recomputes the
 * variants from the options and checks every cell; this only saves typing and shows
 * what will happen before the merchant saves.
 */
(function () {
  "use strict";

  function normalise(text) {
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  function splitValues(text) {
    var seen = {};
    return (text || "").split(",").map(normalise).filter(function (v) {
      if (!v || seen[v]) return false;
      seen[v] = true;
      return true;
    });
  }

  function product(lists) {
    return lists.reduce(function (combos, values) {
      var next = [];
      combos.forEach(function (combo) {
        values.forEach(function (value) { next.push(combo.concat([value])); });
      });
      return next;
    }, [[]]);
  }

  /* --- Options and the variant grid ------------------------------------------- */

  function setUpGrid(form) {
    var options = form.querySelector("[data-pe-options]");
    var grid = form.querySelector("[data-pe-grid]");
    if (!options || !grid) return;
    var body = grid.querySelector("[data-pe-rows]");
    var template = grid.querySelector("[data-pe-row-template]");
    var count = options.querySelector("[data-pe-count]");
    var removal = options.querySelector("[data-pe-removal]");
    var removalText = options.querySelector("[data-pe-removal-text]");
    var maxVariants = 2048;
    // The page's language: the template puts the translated sentences on the panel.
    function text(name, values) {
      var template = options.dataset["text" + name] || "";
      return template.replace(/\{(\w+)\}/g, function (_m, key) { return values && key in values ? values[key] : ""; });
    }

    function currentOptions() {
      var result = [];
      for (var i = 1; i <= 3; i++) {
        var name = form.querySelector("[name=option" + i + "_name]");
        var values = form.querySelector("[name=option" + i + "_values]");
        if (!name || !values) continue;
        var list = splitValues(values.value);
        if (normalise(name.value) && list.length) result.push(list);
      }
      return result;
    }

    /* The key an existing row will have under these options (as the server decides:
     * a new option gives existing variants its first value; a dropped one is cut). */
    function mappedKey(row, lists) {
      var values;
      try { values = JSON.parse(row.dataset.key || "[]"); } catch (e) { values = []; }
      var mapped = lists.map(function (list, i) { return values[i] || list[0]; });
      return JSON.stringify(mapped);
    }

    function update() {
      var lists = currentOptions();
      var combos = lists.length ? product(lists) : [[]];
      if (combos.length > maxVariants) {
        count.textContent = text("TooMany", { count: combos.length, max: maxVariants });
        return;
      }
      var rows = Array.prototype.slice.call(body.querySelectorAll("tr.pe-row"));
      var byKey = {};
      rows.forEach(function (row) {
        var key = row.dataset.existing ? mappedKey(row, lists) : row.dataset.key;
        if (!byKey[key]) byKey[key] = row;
      });
      var kept = [];
      combos.forEach(function (combo) {
        var key = JSON.stringify(combo);
        var row = byKey[key];
        if (!row) {
          row = template.content.firstElementChild.cloneNode(true);
          row.querySelector("[data-pe-new]").classList.remove("pe-hidden");
        }
        row.dataset.key = row.dataset.existing ? row.dataset.key : key;
        row.querySelector("input[name=variant-key]").value = key;
        row.querySelector("[data-pe-label]").textContent = combo.join(" / ") || text("Default");
        setGone(row, false);
        body.appendChild(row);
        kept.push(row);
      });
      var gone = [];
      rows.forEach(function (row) {
        if (kept.indexOf(row) !== -1) return;
        if (row.dataset.existing) {
          setGone(row, true);
          body.appendChild(row);
          gone.push(row.querySelector("[data-pe-label]").textContent);
        } else {
          row.remove();
        }
      });
      count.textContent = combos.length === 1 ? text("One") : text("Many", { count: combos.length });
      // Variants the server already counted for deletion (a page shown again after
      // "confirm first") are not rows any more: keep its message until options change.
      removal.classList.toggle("pe-hidden", gone.length === 0 && !removal.dataset.pePending);
      if (gone.length) {
        removalText.textContent = text("Removal", { names: gone.join(", ") });
      }
    }

    /* A row that will be deleted stays visible, struck through, and posts nothing. */
    function setGone(row, gone) {
      row.classList.toggle("pe-row--gone", gone);
      row.querySelector("[data-pe-gone]").classList.toggle("pe-hidden", !gone);
      Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (input) {
        input.disabled = gone;
      });
    }

    options.addEventListener("input", function (event) {
      if (event.target.name && event.target.name.indexOf("option") === 0) delete removal.dataset.pePending;
      update();
    });
    update();

    var priceAll = grid.querySelector("[data-pe-price-all]");
    grid.querySelector("[data-pe-price-apply]").addEventListener("click", function () {
      Array.prototype.forEach.call(body.querySelectorAll("input[name=variant-price]"), function (input) {
        if (!input.disabled) input.value = priceAll.value;
      });
    });
  }

  /* --- Pictures ----------------------------------------------------------------- */

  function setUpImages(form) {
    var box = form.querySelector("[data-pe-images]");
    if (!box) return;
    var list = box.querySelector("[data-pe-image-list]");
    var template = box.querySelector("[data-pe-image-template]");
    var drop = box.querySelector("[data-pe-drop]");
    var input = box.querySelector("[data-pe-file]");
    var status = box.querySelector("[data-pe-upload-status]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var pending = 0;
    var dragged = null;

    function upload(files) {
      Array.prototype.forEach.call(files, function (file) {
        var data = new FormData();
        data.append("file", file);
        pending += 1;
        status.textContent = "Uploading " + pending + "…";
        fetch(box.dataset.uploadUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        })
          .then(function (response) {
            return response.json().then(function (body) { return { ok: response.ok, body: body }; });
          })
          .then(function (result) {
            if (!result.ok) throw new Error(file.name + ": " + (result.body.error || "refused"));
            var item = template.content.firstElementChild.cloneNode(true);
            item.querySelector("input[name=image-image]").value = result.body.id;
            var img = item.querySelector("img");
            img.src = result.body.thumbnail;
            item.querySelector("input[name=image-alt]").value = "";
            list.appendChild(item);
            status.textContent = "";
          })
          .catch(function (error) {
            status.textContent = error.message;
            status.classList.add("error-message");
          })
          .finally(function () {
            pending -= 1;
            if (!pending) box.dataset.uploaded = String(list.children.length);
          });
      });
    }

    input.addEventListener("change", function () {
      upload(input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        if (!event.dataTransfer || dragged) return;
        event.preventDefault();
        drop.classList.add("pe-drop--over");
      });
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("pe-drop--over"); });
    drop.addEventListener("drop", function (event) {
      if (dragged) return;
      event.preventDefault();
      drop.classList.remove("pe-drop--over");
      if (event.dataTransfer && event.dataTransfer.files.length) upload(event.dataTransfer.files);
    });

    list.addEventListener("click", function (event) {
      var item = event.target.closest("[data-pe-image]");
      if (!item) return;
      if (event.target.closest("[data-pe-remove-image]")) {
        item.remove();
      } else if (event.target.closest("[data-pe-move]")) {
        var step = Number(event.target.closest("[data-pe-move]").dataset.peMove);
        if (step < 0 && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
        if (step > 0 && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
      }
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-pe-image]");
      if (dragged) dragged.classList.add("pe-image--dragging");
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("pe-image--dragging");
      dragged = null;
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var over = event.target.closest("[data-pe-image]");
      if (!over || over === dragged) return;
      var rect = over.getBoundingClientRect();
      var after = event.clientX > rect.left + rect.width / 2;
      list.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (dragged) event.preventDefault();
    });
  }

  function start() {
    var form = document.querySelector("[data-pe-options], [data-pe-images]");
    form = form && form.closest("form");
    if (!form) return;
    setUpGrid(form);
    setUpImages(form);
    form.dataset.peReady = "1";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
