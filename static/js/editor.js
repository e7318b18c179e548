// The post editor: typing in a variant's own box marks it tailored, so it stops following the
// post text. Everything else (saving, counters, findings) is htmx talking to the server.
document.addEventListener("input", function (event) {
  var box = event.target.closest("textarea[data-tailors]");
  if (!box) return;
  var flag = box.form.elements[box.dataset.tailors];
  if (flag) flag.value = "1";
});

// Ticking an account asks the server for that account's variant, counter and preview, through
// the same check the post text uses.
document.addEventListener("change", function (event) {
  if (event.target.matches("input[name=accounts]")) htmx.trigger("#id_body", "recheck");
});

// A crisis template has no time of its own: ticking it greys out (and stops sending) the date
// and time; the server drops them too.
function markTemplate() {
  var box = document.getElementById("id_crisis_template");
  if (!box) return;
  document.querySelectorAll("#id_scheduled_date, #id_scheduled_time").forEach(function (field) {
    field.disabled = box.checked;
    if (box.checked) field.value = "";
  });
}
document.addEventListener("change", function (event) {
  if (event.target.id === "id_crisis_template") markTemplate();
});
document.addEventListener("DOMContentLoaded", markTemplate);

// Save, Submit for review and Withdraw post the whole editor as a page, with the version it
// started from. An autosave still on its way would bump that version first and the page would
// be refused as a stale save, so they wait for it; one not yet sent is dropped, since the page
// carries the same text.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("post-form");
  if (!form) return;
  var leaving = false;
  form.addEventListener("submit", function (event) {
    if (form.classList.contains("htmx-request")) {
      event.preventDefault();
      var submitter = event.submitter;
      form.addEventListener("htmx:afterRequest", function () {
        form.requestSubmit(submitter);
      }, { once: true });
      return;
    }
    leaving = true;
  });
  form.addEventListener("htmx:beforeRequest", function (event) {
    if (leaving && event.detail.elt === form) event.preventDefault();
  });
});
