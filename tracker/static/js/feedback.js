// After a change the server redirects to the day page's section (#entries, #supplements ...)
// with the confirmation inside it: move focus to that message, so a screen reader reads it
// and the next Tab continues from there. A section whose messages name another element
// (data-focus: after an Add, "Search foods") gets that element focused instead, ready for the
// next food; it names the messages in its aria-describedby, so they are read with it.
// Progressive enhancement: without this script the message is still shown where the page
// scrolls to, in a role="status" region.
(function () {
  "use strict";
  var section = window.location.hash.slice(1);
  if (!section) { return; }
  var messages = document.querySelector('.flashes[data-section="' + section.replace(/[^\w-]/g, "") + '"]');
  if (!messages) { return; }
  var target = messages.dataset.focus ? document.getElementById(messages.dataset.focus) : messages;
  if (!target) { return; }
  // After "load": the browser focuses the #fragment's heading itself once the page is parsed.
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      // Quietly: the box opens its list of usual foods for a person's focus, not for this one.
      if (target !== messages) { target.dataset.quietFocus = "1"; }
      target.focus({ preventScroll: true });
    }, 0);
  });
}());
