// The review page's keys: a letter alone moves to the control whose accesskey it is ("a" the
// Approve button, "r" the request-changes comment), unless the reviewer is typing in a field.
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.key.length !== 1) return;
  const typing = event.target.closest("input, textarea, select, [contenteditable]");
  if (typing) return;
  const target = document.querySelector(`[accesskey="${CSS.escape(event.key.toLowerCase())}"]`);
  if (!target) return;
  event.preventDefault();
  target.focus();
});
