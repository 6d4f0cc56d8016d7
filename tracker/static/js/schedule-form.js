// My regimen's schedule form: show only the parts the chosen schedule uses (the days for
// "On chosen days", the number of days for "Every few days", no times for "As needed"), and
// the typed name only for an "Other …" medicine (or when it holds text or an error).
// Progressive enhancement: without this script every part is shown, each with its hint.
(function () {
  "use strict";
  var form = document.querySelector(".schedule-form");
  if (!form) { return; }
  var parts = {
    weekdays: form.querySelector(".weekday-group"),
    interval: form.querySelector("[name=interval_days]").closest(".field"),
    times: form.querySelector(".times-group")
  };
  var item = form.querySelector("[name=item]");
  var otherName = form.querySelector("[name=other_name]");
  var otherField = otherName && otherName.closest(".field");
  var otherItems = otherName ? (otherName.dataset.forItems || "").split(" ") : [];
  function updateName() {
    if (!item || !otherField) { return; }
    otherField.hidden = otherItems.indexOf(item.value) === -1 && !otherName.value &&
      !otherField.classList.contains("has-error");
  }
  function update() {
    var chosen = form.querySelector("[name=pattern]:checked");
    var pattern = chosen ? chosen.value : "daily";
    parts.weekdays.hidden = pattern !== "weekdays";
    parts.interval.hidden = pattern !== "interval";
    parts.times.hidden = pattern === "as_needed";
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "pattern") { update(); }
    if (event.target === item) { updateName(); }
  });
  update();
  updateName();
}());
