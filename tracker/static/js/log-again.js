// "Log again" at the top of the Add form logs to the meal chosen in the Add form below: keep
// its hidden meal, and the words that name that meal, in step with the Meal select.
// Without this script the buttons log to the meal the page started with, as the page says.
(function () {
  "use strict";
  var form = document.getElementById("again-top");
  var select = document.querySelector("#entry-form select[name='meal']");
  if (!form || !select) { return; }
  var hidden = form.querySelector("[data-follows='meal']");
  var name = form.querySelector("[data-meal-name]");
  function follow() {
    hidden.value = select.value;
    name.textContent = select.options[select.selectedIndex].text;
  }
  select.addEventListener("change", follow);
  follow();
}());
