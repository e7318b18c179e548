// Drag a post card onto another day to reschedule it. The server checks the move like any
// other change of time and answers with the refreshed calendar (and a message if it refused).
// Keyboard users reschedule from the editor's date and time fields.
(function () {
  function calendarRoot() { return document.getElementById("calendar"); }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-reschedule-url]");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.rescheduleUrl);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function (event) {
    var card = event.target.closest && event.target.closest("[data-reschedule-url]");
    if (card) card.classList.remove("dragging");
  });

  document.addEventListener("dragover", function (event) {
    var day = event.target.closest && event.target.closest("[data-drop-date]");
    if (!day) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    day.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var day = event.target.closest && event.target.closest("[data-drop-date]");
    if (day) day.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var day = event.target.closest && event.target.closest("[data-drop-date]");
    if (!day) return;
    event.preventDefault();
    day.classList.remove("drop-target");
    var url = event.dataTransfer.getData("text/plain");
    if (!url) return;
    htmx.ajax("POST", url + window.location.search, {
      target: calendarRoot(),
      swap: "outerHTML",
      values: { date: day.dataset.dropDate },
    });
  });
})();
