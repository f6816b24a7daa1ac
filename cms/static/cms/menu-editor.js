/* The shop admin's menu editor (cms/menu_editor.py): a tree of entries with
 * drag-and-drop reordering and nesting, buttons for the same moves (keyboard and
 * touch), and one target picker per entry. The tree lives in the DOM; on submit it
 * is written as JSON into one hidden field and the server checks and saves it whole.
 * No inline script, no library: served from the admin's own origin. */
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("menu-editor-data").textContent);
  const T = data.text;
  const TYPES = ["page", "collection", "product", "url"];
  const form = document.getElementById("menu-editor");
  const root = document.getElementById("menu-root");
  const empty = document.getElementById("menu-empty");
  let uid = 0;
  let dragged = null;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (value === true) node.setAttribute(key, "");
      else if (value !== false && value != null) node.setAttribute(key, value);
    }
    children.forEach((child) => child && node.append(child));
    return node;
  }

  const part = (li, selector) => li.querySelector(`:scope > ${selector}`);
  const childList = (li) => part(li, ".menu-children");
  const isTop = (li) => li.parentElement === root;
  const hasChildren = (li) => childList(li).children.length > 0;

  function tool(action, symbol, label, extra = "") {
    return el("button", {
      type: "button", class: `button button-small button-secondary ${extra}`.trim(),
      "data-action": action, "aria-label": label, title: label, text: symbol,
    });
  }

  function entry(node, path) {
    const id = `menu-entry-${++uid}`;
    const li = el("li", { class: "menu-entry" });
    li.souk = { target: node.target ?? "", title: node.title || "", missing: !!node.missing };
    const handle = el("button", {
      type: "button", class: "entry-handle", draggable: "true", title: T.dragHint,
      "aria-label": T.dragHint, text: "⠿",
    });
    const title = el("span", { class: "entry-title" }, el("strong"), el("small"));
    const toggle = el("button", {
      type: "button", class: "button button-small button-secondary", "data-action": "toggle",
      "aria-expanded": "false", "aria-controls": id, text: T.edit,
    });
    const tools = el(
      "span", { class: "entry-tools" },
      tool("up", "↑", T.up, "optional"), tool("down", "↓", T.down, "optional"),
      tool("outdent", "←", T.outdent, "optional"), tool("indent", "→", T.indent, "optional"),
      toggle, tool("remove", "✕", T.remove, "no"),
    );
    const label = el("input", { type: "text", class: "entry-label", maxlength: "80", id: `${id}-label` });
    label.value = node.label || "";
    const type = el("select", { class: "entry-type", id: `${id}-type` });
    TYPES.forEach((t) => type.append(el("option", { value: t, text: T[t] })));
    type.value = TYPES.includes(node.type) ? node.type : "url";
    const url = el("input", { type: "text", class: "entry-url", maxlength: "500", id: `${id}-url`, placeholder: "https://…" });
    if (type.value === "url") url.value = li.souk.target || "";
    const search = el("input", { type: "search", class: "entry-search", id: `${id}-search`, placeholder: T.search, autocomplete: "off" });
    const body = el(
      "div", { class: "entry-body", id, hidden: true },
      el("div", {}, el("label", { for: `${id}-label`, text: T.label }), label, el("p", { class: "help-block", text: T.labelHelp })),
      el(
        "div", {},
        el("label", { for: `${id}-type`, text: T.type }), type,
        el("div", { class: "picker-url" }, el("label", { for: `${id}-url`, text: T.url }), url, el("p", { class: "help-block", text: T.urlHelp })),
        el("div", { class: "picker-search" }, el("label", { for: `${id}-search`, text: T.search }), search, el("p", { class: "picker-chosen" }), el("ul", { class: "picker-results" })),
      ),
      el("p", { class: "entry-errors", role: "alert" }),
    );
    const children = el("ol", { class: "menu-children" });
    li.append(el("div", { class: "entry-row" }, handle, title, tools), body, children);
    (node.children || []).forEach((child, i) => children.append(entry(child, `${path}.${i + 1}`)));
    const errors = data.errors[path];
    if (errors) {
      li.classList.add("has-error");
      part(body, ".entry-errors").textContent = errors.join(" ");
      setOpen(li, true);
    }
    refresh(li);
    return li;
  }

  function refresh(li) {
    const body = part(li, ".entry-body");
    const type = body.querySelector(".entry-type").value;
    const label = body.querySelector(".entry-label").value.trim();
    const target = type === "url" ? body.querySelector(".entry-url").value.trim() : li.souk.title;
    const chosen = li.souk.missing ? T.missing : target || (hasChildren(li) && isTop(li) ? T.nothing : T.none);
    part(li, ".entry-row").querySelector("strong").textContent = label || target || T.untitled;
    part(li, ".entry-row").querySelector("small").textContent = `${T[type]} · ${chosen}`;
    body.querySelector(".picker-url").hidden = type !== "url";
    body.querySelector(".picker-search").hidden = type === "url";
    body.querySelector(".picker-chosen").textContent = type === "url" ? "" : `${T.chosen}: ${chosen}`;
    empty.hidden = root.children.length > 0;
  }

  function setOpen(li, open) {
    const body = part(li, ".entry-body");
    body.hidden = !open;
    const toggle = part(li, ".entry-row").querySelector('[data-action="toggle"]');
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? T.done : T.edit;
    if (open && !body.querySelector(".picker-search").hidden) find(li);
  }

  const timers = new WeakMap();
  function find(li) {
    const body = part(li, ".entry-body");
    const type = body.querySelector(".entry-type").value;
    const q = body.querySelector(".entry-search").value;
    const list = body.querySelector(".picker-results");
    clearTimeout(timers.get(li));
    timers.set(li, setTimeout(async () => {
      const response = await fetch(`${data.searchUrl}?type=${encodeURIComponent(type)}&q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { results } = await response.json();
      list.replaceChildren(...(results.length ? results.map((r) => el("li", {}, el("button", {
        type: "button", "data-action": "choose", "data-id": String(r.id), "data-title": r.title, text: `${r.title} — ${r.hint}`,
      }))) : [el("li", { class: "help-block", text: T.noResults })]));
    }, 150));
  }

  function move(li, action) {
    const parentLi = li.parentElement.closest(".menu-entry");
    if (action === "up" && li.previousElementSibling) li.previousElementSibling.before(li);
    else if (action === "down" && li.nextElementSibling) li.nextElementSibling.after(li);
    else if (action === "indent" && isTop(li) && !hasChildren(li) && li.previousElementSibling) {
      childList(li.previousElementSibling).append(li);
    } else if (action === "outdent" && parentLi) parentLi.after(li);
    else return;
    li.querySelector(".entry-handle").focus();
    root.querySelectorAll(".menu-entry").forEach(refresh);
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const li = button.closest(".menu-entry");
    const action = button.dataset.action;
    if (action === "toggle") setOpen(li, part(li, ".entry-body").hidden);
    else if (action === "remove") { li.remove(); empty.hidden = root.children.length > 0; }
    else if (action === "choose") {
      li.souk = { target: Number(button.dataset.id), title: button.dataset.title, missing: false };
      button.closest(".picker-results").replaceChildren();
      refresh(li);
    } else move(li, action);
  });
  root.addEventListener("input", (event) => {
    const li = event.target.closest(".menu-entry");
    if (event.target.matches(".entry-search")) find(li);
    else refresh(li);
  });
  root.addEventListener("change", (event) => {
    if (!event.target.matches(".entry-type")) return;
    const li = event.target.closest(".menu-entry");
    li.souk = { target: "", title: "", missing: false };
    part(li, ".entry-body").querySelector(".picker-results").replaceChildren();
    refresh(li);
    if (event.target.value !== "url") find(li);
  });

  // Drag and drop: onto the top or bottom third of an entry's row puts the dragged
  // entry before or after it; onto the middle, under it (top-level entries only).
  const clearMarks = () => root.querySelectorAll(".drop-before, .drop-after, .drop-inside")
    .forEach((row) => row.classList.remove("drop-before", "drop-after", "drop-inside"));

  function dropZone(event) {
    const row = event.target.closest && event.target.closest(".entry-row");
    if (!row || !dragged) return null;
    const target = row.parentElement;
    if (target === dragged || dragged.contains(target)) return null;
    const box = row.getBoundingClientRect();
    const y = (event.clientY - box.top) / box.height;
    let where = y < 0.3 ? "before" : y > 0.7 ? "after" : "inside";
    if (where === "inside" && (!isTop(target) || hasChildren(dragged))) where = y < 0.5 ? "before" : "after";
    if (where !== "inside" && !isTop(target) && hasChildren(dragged)) return null;
    return { row, target, where };
  }

  root.addEventListener("dragstart", (event) => {
    if (!event.target.matches(".entry-handle")) return;
    dragged = event.target.closest(".menu-entry");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "menu-entry");
    event.dataTransfer.setDragImage(part(dragged, ".entry-row"), 16, 16);
  });
  root.addEventListener("dragover", (event) => {
    const zone = dropZone(event);
    clearMarks();
    if (!zone) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    zone.row.classList.add(`drop-${zone.where}`);
  });
  root.addEventListener("drop", (event) => {
    const zone = dropZone(event);
    clearMarks();
    if (!zone) return;
    event.preventDefault();
    if (zone.where === "before") zone.target.before(dragged);
    else if (zone.where === "after") zone.target.after(dragged);
    else childList(zone.target).append(dragged);
    root.querySelectorAll(".menu-entry").forEach(refresh);
  });
  root.addEventListener("dragend", () => {
    clearMarks();
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
  });

  function serialise(list) {
    return [...list.children].map((li) => {
      const body = part(li, ".entry-body");
      const type = body.querySelector(".entry-type").value;
      return {
        label: body.querySelector(".entry-label").value,
        type,
        target: type === "url" ? body.querySelector(".entry-url").value.trim() : li.souk.target,
        title: type === "url" ? "" : li.souk.title,
        children: serialise(childList(li)),
      };
    });
  }

  document.getElementById("menu-add").addEventListener("click", () => {
    const li = entry({ type: "page", label: "" }, "new");
    root.append(li);
    setOpen(li, true);
    part(li, ".entry-body").querySelector(".entry-label").focus();
    empty.hidden = true;
  });
  form.addEventListener("submit", () => {
    document.getElementById("menu-tree-input").value = JSON.stringify(serialise(root));
  });

  data.tree.forEach((node, i) => root.append(entry(node, String(i + 1))));
  empty.hidden = root.children.length > 0;
})();
