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

  // A product page's "Share": the phone's share sheet (Zalo, Messenger, e-mail...) where the
  // browser has one, else "Copy link"; hidden where neither works (and without JavaScript).
  function sharing(box) {
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var url = box.getAttribute("data-share-url");
    if (navigator.share) {
      button.addEventListener("click", function () {
        navigator.share({
          title: box.getAttribute("data-share-title"),
          text: box.getAttribute("data-share-text"),
          url: url
        }).catch(function () { /* the buyer closed the share sheet */ });
      });
    } else if (navigator.clipboard && window.isSecureContext) {
      button.textContent = box.getAttribute("data-copy-label");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = box.getAttribute("data-copied");
        });
      });
    } else {
      return;
    }
    box.hidden = false;
  }

  // Catalogue filters open by default on wide screens (collapsed on phones).
  function openWide(root) {
    if (!window.matchMedia("(min-width: 60rem)").matches) return;
    Array.prototype.forEach.call(root.querySelectorAll("details[data-open-wide]"), function (d) { d.open = true; });
  }

  // The catalogue's typed fields (the search box, prices, volume) ask for results after a
  // pause in typing (the form's hx-trigger "input changed delay"), on Enter and with Apply.
  // Two rules keep what the buyer does:
  // - Leaving a typed field asks nothing: that change event came as the buyer tapped a
  //   filter, and its answer could replace the link under the finger (the tap was lost) or
  //   arrive after the link's and drop what had been typed.
  // - A link tapped before the pause is over carries what was typed and not yet asked for,
  //   and the pause then asks nothing more.
  var TYPED = 'input[type="search"], input[type="text"], input[type="number"]';
  var asked = {};  // name: the value each typed field last asked for, or was shown with

  function catalogueForm(elt) {
    return elt && elt.closest ? elt.closest("#catalogue-form") : null;
  }

  function typedFields(root) {
    return Array.prototype.filter.call(root.querySelectorAll(TYPED), function (field) { return field.name; });
  }

  function remember(root) {
    typedFields(root).forEach(function (field) { asked[field.name] = field.value; });
  }

  // What a request asks for each typed field (``values``: its URLSearchParams or FormData).
  function rememberAsked(form, values) {
    typedFields(form).forEach(function (field) { asked[field.name] = values.get(field.name) || ""; });
  }

  // The search box stays on the page while the results change: it shows the query of the
  // address they answer (``values``: that address's URLSearchParams).
  function showQuery(values) {
    var box = document.getElementById("catalogue-q");
    if (box) box.value = values.get("q") || "";
  }

  function notAsked(form) {
    var typed = {};
    typedFields(form).forEach(function (field) {
      if (field.value !== (asked[field.name] || "")) typed[field.name] = field.value;
    });
    return typed;
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = catalogueForm(event.detail.elt);
    var trigger = event.detail.triggeringEvent;
    if (!form || !trigger || event.detail.elt !== form) return;
    var typedField = trigger.target && trigger.target.matches && trigger.target.matches(TYPED);
    if ((trigger.type === "change" && typedField) ||
        (trigger.type === "input" && Object.keys(notAsked(form)).length === 0)) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-searchable]"), searchable);
    var catalogue = document.getElementById("catalogue-form");
    if (catalogue) remember(catalogue);
    var form = document.querySelector(".onboarding-form");
    if (form) onboarding(form);
    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), sharing);
    openWide(document);
  });
  // Back and Forward: htmx puts the page back as it was, but the search box as first loaded
  // (a snapshot keeps no typed value): show the query of the address again.
  document.addEventListener("htmx:historyRestore", function () {
    var catalogue = document.getElementById("catalogue-form");
    if (!catalogue) return;
    showQuery(new URLSearchParams(window.location.search));
    remember(catalogue);
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var form = catalogueForm(event.detail.elt);
    if (!form) return;
    if (event.detail.elt.tagName === "A") {
      var url = new URL(event.detail.path, window.location.href);
      var typed = notAsked(form);
      if (Object.keys(typed).length) {
        Object.keys(typed).forEach(function (name) {
          if (typed[name]) url.searchParams.set(name, typed[name]);
          else url.searchParams.delete(name);
        });
        url.searchParams.delete("page");  // other results: from their first page
        event.detail.path = url.pathname + url.search;
      }
      rememberAsked(form, url.searchParams);
      // "Show the whole catalogue" empties the box; what was typed in it is carried.
      showQuery(url.searchParams);
      return;
    }
    // Catalogue addresses stay short and shareable: no empty fields, no default sort.
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
    rememberAsked(form, params);
  });

  // Keep the filter panel as it was (open or closed) when htmx replaces the results.
  var panelOpen = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.querySelector("details[data-open-wide]");
    panelOpen = panel ? panel.open : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    openWide(event.target);
    // The fields just shown hold what the page answers for (the prices as it reads them).
    if (catalogueForm(event.target)) remember(event.target);
    var panel = document.querySelector("details[data-open-wide]");
    if (panel && panelOpen) panel.open = true;
  });
})();
