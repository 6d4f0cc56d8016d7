// After a change the server redirects to the day page's section (#entries, #supplements ...)
// with the confirmation inside it: move focus to that message, so a screen reader reads it
// and the next Tab continues from there. Progressive enhancement: without this script the
// message is still shown where the page scrolls to, in a role="status" region.
(function () {
  "use strict";
  var section = window.location.hash.slice(1);
  if (!section) { return; }
  var messages = document.querySelector('.flashes[data-section="' + section.replace(/[^\w-]/g, "") + '"]');
  if (!messages) { return; }
  // After "load": the browser focuses the #fragment's heading itself once the page is parsed.
  window.addEventListener("load", function () {
    window.setTimeout(function () { messages.focus({ preventScroll: true }); }, 0);
  });
}());
