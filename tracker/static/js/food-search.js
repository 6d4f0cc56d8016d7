// The day page's Add form: "Search foods" as an ARIA 1.2 combobox, and the preview before Add.
// Progressive enhancement only: without this script the search form, its result links and the
// "Show grams and magnesium" button do the same, through the same server code.
//
// - Typing a line ("2 large eggs") asks the search API, which reads the amount, searches the
//   food words and says, for each food, what Add would log (its Portion, Quantity, grams and
//   mg); the suggestions show exactly that, and choosing one fills Portion and Quantity.
// - Focusing the empty box (or ArrowDown in it) offers the favourite and recent foods.
// - A supplement or medicine the line names, or a food the database lacks, is an option too:
//   choosing it opens the supplement form, or "My foods" to add the food from its label.
// - Changing Portion or Quantity asks the server what that comes to (the preview): every
//   figure is the server's, so the script multiplies nothing and reads no quantity itself.
//
// State for tests, which wait for it rather than for a fixed time: the input's
// data-search-state is "typing" (the pause after a keystroke), "searching" (a request is out),
// "closing" (after the input lost focus) or "idle"; the form's data-preview-state is
// "waiting", "asking" or "idle".
(function () {
  "use strict";
  var input = document.getElementById("food-search");
  var form = document.getElementById("entry-form");
  if (!input || !form || !window.fetch) { return; }

  var foodId = document.getElementById("food-id");
  var chosen = document.getElementById("chosen-food");
  var portion = document.getElementById("portion");
  var quantity = document.getElementById("quantity");
  var addButton = form.querySelector('[type="submit"][name="submit"]');
  var previewButton = form.querySelector('[name="preview"]');
  var preview = document.getElementById("entry-preview");
  var previewOk = preview.querySelector(".preview-ok");
  var previewAmount = preview.querySelector('[data-testid="entry-preview-amount"]');
  var previewMg = preview.querySelector('[data-testid="entry-preview-mg"]');
  var previewProblem = preview.querySelector(".preview-problem");
  var listbox = document.createElement("ul");
  var status = document.createElement("p");
  var note = document.createElement("p");
  var options = [];
  var active = -1;
  var timer = null;
  var closeTimer = null;
  var inFlight = 0;
  var requestSeq = 0;
  var usual = null;
  var usualRequested = false;
  var previewTimer = null;
  var previewSeq = 0;
  var previewInFlight = 0;

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
  status.id = "food-search-status";
  note.className = "search-note";
  note.id = "food-search-note";
  note.hidden = true;
  input.parentNode.insertAdjacentElement("afterend", listbox);
  listbox.insertAdjacentElement("afterend", note);
  note.insertAdjacentElement("afterend", status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  // The script previews as Portion and Quantity change; the button is for pages without it.
  if (previewButton) { previewButton.hidden = true; }

  function settle() {
    input.dataset.searchState = timer !== null ? "typing"
      : inFlight > 0 ? "searching"
      : closeTimer !== null ? "closing"
      : "idle";
    form.dataset.previewState = previewTimer !== null ? "waiting"
      : previewInFlight > 0 ? "asking"
      : "idle";
  }
  settle();

  function api(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; });
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

  function showNote(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  // Options: {kind: "food"|"product"|"missing", tag, name, meta, value}.
  function foodOption(food, tag) {
    var meta = food.log.text;
    if (food.log.note) { meta += " (" + food.log.note + ")"; }
    var own = food.kind === "recipe" ? "Recipe" : food.custom ? "My food" : "";
    return { kind: "food", tag: tag || own, name: food.name, meta: meta, value: food };
  }

  function render() {
    listbox.textContent = "";
    options.forEach(function (option, i) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      var meta = document.createElement("span");
      item.id = "food-option-" + i;
      item.className = "suggestion suggestion-" + option.kind;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      name.className = "suggestion-name";
      name.textContent = option.name;
      meta.className = "suggestion-meta";
      // One text for eyes and ears: "Egg, whole, raw, fresh — 2 × 1 large (100 g), 12 mg".
      meta.textContent = (option.meta ? " \u2014 " + option.meta : "") + (option.tag ? " \u00b7 " + option.tag : "");
      item.appendChild(name);
      item.appendChild(meta);
      item.addEventListener("click", function () { pick(i); });
      listbox.appendChild(item);
    });
    if (options.length) {
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

  function counted(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function showResults(data, query) {
    options = [];
    if (data.not_in_database) {
      options.push({ kind: "missing", tag: "", name: data.not_in_database.message, meta: "",
                     value: data.not_in_database });
    }
    (data.products || []).forEach(function (product) {
      options.push({ kind: "product", tag: product.kind_label, name: product.name,
                     meta: "opens the supplement form", value: product });
    });
    (data.results || []).forEach(function (food) { options.push(foodOption(food)); });
    active = -1;
    render();

    var said = [];
    var foods = (data.results || []).length;
    if (data.amount) { said.push("Amount read: " + data.amount.text + "."); }
    if (data.amount_problem) { said.push(data.amount_problem); }
    if (data.not_in_database) { said.push(data.not_in_database.message); }
    if ((data.products || []).length) {
      said.push(counted(data.products.length, "supplement or medicine matches.", "supplements or medicines match."));
    }
    if (foods && !data.complete) {
      said.push("No food has every word of " + data.food_query + ": the closest are shown.");
    }
    said.push(foods === 0 && !options.length ? "No foods match " + query + "."
      : foods === 0 ? "No foods match."
      : counted(foods, "food matches.", "foods match."));
    if (options.length) { said.push("Use the up and down arrows to choose."); }
    status.textContent = said.join(" ");

    var visible = [];
    if (data.amount) { visible.push("Amount read: " + data.amount.text + ". Each food says what Add will log."); }
    if (data.amount_problem) { visible.push(data.amount_problem); }
    if (foods && !data.complete && !data.not_in_database) {
      visible.push("No food has every word of \u201c" + data.food_query + "\u201d: these are the closest.");
    }
    showNote(visible.join(" "));
  }

  function showUsual() {
    if (input.value.trim() !== "") { return; }
    if (usual === null) {
      if (!usualRequested && input.dataset.usualApi) {
        usualRequested = true;
        inFlight += 1;
        settle();
        api(input.dataset.usualApi)
          .then(function (data) { usual = data || { favourites: [], recent: [] }; })
          .catch(function () { usual = { favourites: [], recent: [] }; })
          .then(function () {
            inFlight -= 1;
            if (document.activeElement === input) { showUsual(); }
            settle();
          });
      }
      return;
    }
    options = [];
    usual.favourites.forEach(function (food) { options.push(foodOption(food, "Favourite")); });
    usual.recent.forEach(function (food) { options.push(foodOption(food, "Recent")); });
    active = -1;
    render();
    showNote("");
    status.textContent = options.length
      ? counted(options.length, "favourite or recent food", "favourite and recent foods") + ". Use the up and down arrows to choose, or type to search."
      : "";
  }

  function search() {
    var query = input.value.trim();
    if (query === "") { cancelSearch(); showUsual(); return; }
    if (query.length < 2) { cancelSearch(); options = []; close(); status.textContent = ""; showNote(""); return; }
    var seq = ++requestSeq;
    inFlight += 1;
    settle();
    api(input.dataset.api + "?limit=10&q=" + encodeURIComponent(query))
      .then(function (data) {
        if (seq !== requestSeq) { return; }
        showResults(data || { results: [] }, query);
      })
      .catch(function () { /* The plain Search button still works. */ })
      .then(function () { inFlight -= 1; settle(); });
  }

  function showPreview(amountText, mgText, problem) {
    preview.hidden = false;
    previewOk.hidden = Boolean(problem);
    previewProblem.hidden = !problem;
    previewAmount.textContent = problem ? "" : amountText;
    previewMg.textContent = problem ? "" : mgText;
    previewProblem.textContent = problem || "";
  }

  function askPreview() {
    window.clearTimeout(previewTimer);
    previewTimer = null;
    if (!foodId.value) { settle(); return; }
    var seq = ++previewSeq;
    previewInFlight += 1;
    settle();
    var url = input.dataset.previewApi + "?food=" + encodeURIComponent(foodId.value)
      + "&portion=" + encodeURIComponent(portion.value)
      + "&quantity=" + encodeURIComponent(quantity.value);
    api(url)
      .then(function (data) {
        if (seq !== previewSeq || !data) { return; }
        if (data.ok) { showPreview(data.amount_text, data.magnesium_text, ""); }
        else { showPreview("", "", data.message); }
      })
      .catch(function () { /* Add still checks everything. */ })
      .then(function () { previewInFlight -= 1; settle(); });
  }

  function previewSoon() {
    window.clearTimeout(previewTimer);
    previewSeq += 1;  // an answer for the old values must not overwrite the new ones
    previewTimer = window.setTimeout(askPreview, 200);
    settle();
  }

  function chooseFood(food) {
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
      element.textContent = option.text;
      portion.appendChild(element);
    });
    portion.value = food.log.portion;
    quantity.value = food.log.quantity;
    // The suggestion's own figures: nothing to ask until Portion or Quantity change.
    window.clearTimeout(previewTimer);
    previewTimer = null;
    previewSeq += 1;
    showPreview(food.log.amount_text, food.log.magnesium_text, "");
    input.value = food.name;
    settle();
    // Ready to Add: the button's description is the preview, so it is read out with it.
    if (addButton) { addButton.focus(); } else { portion.focus(); }
  }

  function pick(index) {
    var option = options[index];
    if (!option) { return; }
    cancelSearch();
    close();
    showNote("");
    if (option.kind === "product") {
      window.location.assign(input.dataset.dayUrl + "?preset=" + encodeURIComponent(option.value.key) + "#add-supplement");
    } else if (option.kind === "missing") {
      window.location.assign(option.value.add_url);
    } else {
      chooseFood(option.value);
    }
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { timer = null; search(); settle(); }, 150);
    settle();
  });

  input.addEventListener("focus", function () {
    window.clearTimeout(closeTimer);
    closeTimer = null;
    if (input.dataset.quietFocus === "1") { delete input.dataset.quietFocus; settle(); return; }
    showUsual();
    settle();
  });
  input.addEventListener("click", function () {
    if (listbox.hidden && input.value.trim() === "") { showUsual(); }
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && !options.length && input.value.trim() === "") { showUsual(); }
      if (!open && options.length) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); }
      active = options.length ? (active + 1) % options.length : -1;
      render();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      active = options.length ? (active <= 0 ? options.length - 1 : active - 1) : -1;
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

  portion.addEventListener("change", previewSoon);
  quantity.addEventListener("input", previewSoon);
  if (quantity && !quantity.value) { quantity.value = "1"; }
})();
