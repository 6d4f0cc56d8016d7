// Food search as an ARIA 1.2 combobox: suggestions as you type, arrow keys, Enter, Escape.
// Progressive enhancement only: without this script the search form and result links work.
// The input's data-search-state says what is still to happen: "typing" (the pause after a
// keystroke), "searching" (a request is out), "closing" (after the input lost focus) or
// "idle" once all of it has run. Tests wait for it rather than for a fixed time.
(function () {
  "use strict";
  var input = document.getElementById("food-search");
  var form = document.getElementById("entry-form");
  if (!input || !form || !window.fetch) { return; }

  var foodId = document.getElementById("food-id");
  var chosen = document.getElementById("chosen-food");
  var portion = document.getElementById("portion");
  var quantity = document.getElementById("quantity");
  var listbox = document.createElement("ul");
  var status = document.createElement("p");
  var results = [];
  var active = -1;
  var timer = null;
  var closeTimer = null;
  var inFlight = 0;
  var requestSeq = 0;

  listbox.id = "food-suggestions";
  listbox.className = "suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Matching foods");
  listbox.hidden = true;
  // Focus stays in the input (aria-activedescendant): keep the list out of the Tab order,
  // and keep a mouse press on it (its scrollbar too) from blurring the input and closing it.
  listbox.tabIndex = -1;
  listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  input.parentNode.insertAdjacentElement("afterend", listbox);
  listbox.insertAdjacentElement("afterend", status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function settle() {
    input.dataset.searchState = timer !== null ? "typing"
      : inFlight > 0 ? "searching"
      : closeTimer !== null ? "closing"
      : "idle";
  }
  settle();

  function formatMg(value) {
    if (value === null || value === undefined) { return "magnesium unknown"; }
    return (Math.round(value * 10) / 10) + " mg per 100 g";
  }

  // Forget a pending or in-flight search, so a late answer cannot reopen the list.
  function cancelSearch() {
    window.clearTimeout(timer);
    timer = null;
    requestSeq += 1;
    settle();
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function render() {
    listbox.textContent = "";
    results.forEach(function (food, i) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      var meta = document.createElement("span");
      item.id = "food-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      name.textContent = food.name;
      meta.className = "suggestion-meta";
      meta.textContent = formatMg(food.magnesium_mg_per_100g) + (food.custom ? " · my food" : "");
      item.appendChild(name);
      item.appendChild(meta);
      item.addEventListener("click", function () { pick(i); });
      listbox.appendChild(item);
    });
    if (results.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", "food-option-" + active);
      var current = document.getElementById("food-option-" + active);
      if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function announce(count, query) {
    status.textContent = count === 0
      ? "No foods match " + query + "."
      : count + (count === 1 ? " food matches" : " foods match") + ". Use the up and down arrows to choose.";
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2) { cancelSearch(); results = []; close(); status.textContent = ""; return; }
    var seq = ++requestSeq;
    inFlight += 1;
    settle();
    fetch(input.dataset.api + "?limit=10&q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (seq !== requestSeq) { return; }
        results = data.results || [];
        active = -1;
        render();
        announce(results.length, query);
      })
      .catch(function () { /* The plain Search button still works. */ })
      .then(function () { inFlight -= 1; settle(); });
  }

  function pick(index) {
    var food = results[index];
    if (!food) { return; }
    foodId.value = food.id;
    chosen.textContent = "";
    chosen.appendChild(document.createTextNode("Chosen food: "));
    var strong = document.createElement("strong");
    strong.textContent = food.name;
    chosen.appendChild(strong);
    portion.textContent = "";
    food.portions.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option.key;
      element.textContent = option.label;
      portion.appendChild(element);
    });
    input.value = food.name;
    cancelSearch();
    close();
    portion.focus();
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { timer = null; search(); settle(); }, 150);
    settle();
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && results.length) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); }
      active = results.length ? (active + 1) % results.length : -1;
      render();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      active = results.length ? (active <= 0 ? results.length - 1 : active - 1) : -1;
      render();
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        pick(active);
      }
    } else if (event.key === "Escape") {
      cancelSearch();
      if (open) { event.preventDefault(); close(); }
    }
  });

  input.addEventListener("blur", function () {
    window.clearTimeout(closeTimer);
    closeTimer = window.setTimeout(function () { closeTimer = null; close(); settle(); }, 100);
    settle();
  });
  if (quantity && !quantity.value) { quantity.value = "1"; }
})();
