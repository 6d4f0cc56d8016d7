// My regimen's schedule form: show only the parts the chosen schedule uses (the days for
// "On chosen days", the number of days for "Every few days", no times for "As needed").
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
  function update() {
    var chosen = form.querySelector("[name=pattern]:checked");
    var pattern = chosen ? chosen.value : "daily";
    parts.weekdays.hidden = pattern !== "weekdays";
    parts.interval.hidden = pattern !== "interval";
    parts.times.hidden = pattern === "as_needed";
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "pattern") { update(); }
  });
  update();
}());
