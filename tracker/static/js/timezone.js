// Fills the hidden time-zone field of the registration form from the browser's settings.
(function () {
  "use strict";
  var field = document.getElementById("detected-timezone");
  if (!field || !window.Intl) { return; }
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    field.value = "";
  }
})();
