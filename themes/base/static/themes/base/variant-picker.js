/* Progressive enhancement of the product page's variant picker.
 *
 * Without JavaScript the picker is a GET form: choosing options and pressing the
 * button reloads the page with that variant. With it, the page updates in place
 * (price, SKU, availability, the add-to-cart variant id and the address bar), and
 * the button is hidden. Texts come from data attributes, translated by the server.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-variant-picker]");
  var dataNode = document.getElementById("variant-data");
  if (!form || !dataNode) return;
  var variants = JSON.parse(dataNode.textContent);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var priceBlock = document.querySelector("[data-price-block]");
  var idInput = document.querySelector("[data-variant-id]");
  var button = document.querySelector("[data-add-to-cart]");
  var sku = document.querySelector("[data-sku]");
  var skuRow = document.querySelector("[data-sku-row]");
  var title = document.querySelector("[data-variant-title]");
  var availability = document.querySelector("[data-availability]");
  var text = form.dataset;

  var submit = form.querySelector("[data-picker-submit]");
  if (submit) submit.hidden = true;

  function chosen() {
    return variants.find(function (v) {
      return selects.every(function (select) {
        var index = Number(select.name.replace("option", "")) - 1;
        return v.options[index] === select.value;
      });
    });
  }

  function renderPrice(v) {
    var price = document.createElement("span");
    price.className = "price";
    var amount = document.createElement("span");
    amount.className = "price__amount" + (v.compare_at_display ? " price__amount--sale" : "");
    amount.textContent = v.price_display;
    price.appendChild(amount);
    if (v.compare_at_display) {
      var was = document.createElement("s");
      was.className = "price__compare";
      was.textContent = v.compare_at_display;
      price.appendChild(document.createTextNode(" "));
      price.appendChild(was);
    }
    priceBlock.replaceChildren(price);
  }

  form.addEventListener("change", function () {
    var v = chosen();
    if (!v) {
      button.disabled = true;
      button.textContent = text.textUnavailable;
      availability.textContent = text.textUnavailable;
      return;
    }
    renderPrice(v);
    idInput.value = v.id;
    if (sku) sku.textContent = v.sku;
    if (skuRow) skuRow.hidden = !v.sku;
    if (title) title.textContent = v.options.filter(Boolean).join(" / ");
    availability.textContent = v.available ? text.textInStock : text.textSoldOut;
    button.disabled = !v.available;
    button.textContent = v.available ? text.textAddToCart : text.textSoldOut;
    var url = new URL(window.location.href);
    ["option1", "option2", "option3"].forEach(function (name) { url.searchParams.delete(name); });
    url.searchParams.set("variant", v.id);
    window.history.replaceState(null, "", url);
  });
})();
