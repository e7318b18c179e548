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
