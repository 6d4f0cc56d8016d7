// Progressive enhancement for the export page: a "Copy link" button beside a new share link.
// Without JavaScript the link is still there to select and copy by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.closest(".field") && button.closest(".field").querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) { status.textContent = "Copied. Paste it into a message to your doctor."; }
        },
        function () {
          field.select();
          if (status) { status.textContent = "Select the link and copy it."; }
        }
      );
    });
  });
})();
