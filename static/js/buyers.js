/* Buyer pages: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // <select data-searchable>: a text box above it filters its options, marks ignored
  // (options.js takes the others out of the list).
  function searchable(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.placeholder = select.getAttribute("data-placeholder") || "…";
    box.setAttribute("aria-label", select.getAttribute("data-filter-label") || "Filter");
    select.parentNode.insertBefore(box, select);
    var all = Array.prototype.slice.call(select.options);
    box.addEventListener("input", function () {
      var needle = fold(box.value.trim());
      var first = window.ocopKeepOptions(select, all, function (option) {
        return !option.value || fold(option.text).indexOf(needle) !== -1;
      });
      if (select.selectedIndex < 0 || (needle && first && !select.value)) {
        if (first && needle) first.selected = true;
        else select.selectedIndex = 0;
      }
    });
  }

  // Onboarding: show the fields of the chosen way (join or propose).
  function onboarding(form) {
    var radios = form.querySelectorAll('input[name="mode"]');
    function update() {
      var mode = form.querySelector('input[name="mode"]:checked');
      mode = mode ? mode.value : "join";
      form.querySelector(".mode-join").hidden = mode !== "join";
      form.querySelector(".mode-propose").hidden = mode !== "propose";
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", update); });
    update();
  }

  // Catalogue filters open by default on wide screens (collapsed on phones).
  function openWide(root) {
    if (!window.matchMedia("(min-width: 60rem)").matches) return;
    Array.prototype.forEach.call(root.querySelectorAll("details[data-open-wide]"), function (d) { d.open = true; });
  }

  // The catalogue's search box asks for results by itself as the buyer types (its form's
  // hx-trigger "input changed delay"). The change event it fires when it loses focus would
  // ask for the same results again, and that answer could replace the filters under the
  // finger that has just tapped one, so the tap was lost: keep that event from the form.
  function quietSearchBox(box) {
    box.addEventListener("change", function (event) { event.stopPropagation(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), searchable);
    var searchBox = document.getElementById("catalogue-q");
    if (searchBox) quietSearchBox(searchBox);
    var form = document.querySelector(".onboarding-form");
    if (form) onboarding(form);
    openWide(document);
  });
  // Catalogue addresses stay short and shareable: no empty fields, no default sort.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest || !event.detail.elt.closest("#catalogue-form")) return;
    var params = event.detail.parameters;
    var drop = [];
    params.forEach(function (value, key) {
      if (value === "" || (key === "sort" && value === "relevance")) drop.push(key);
    });
    drop.forEach(function (key) {
      if (params.getAll(key).every(function (v) { return v === "" || (key === "sort" && v === "relevance"); })) {
        params.delete(key);
      }
    });
  });

  // Keep the filter panel as it was (open or closed) when htmx replaces the results.
  var panelOpen = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.querySelector("details[data-open-wide]");
    panelOpen = panel ? panel.open : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    openWide(event.target);
    var panel = document.querySelector("details[data-open-wide]");
    if (panel && panelOpen) panel.open = true;
  });
})();
