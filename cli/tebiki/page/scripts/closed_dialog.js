// The dialog an element sits in while that dialog is closed, by its name ('' when it has
// none); null when the element is in no dialog, or in an open one. Closed: a <dialog> not
// open, or a dialog (or what holds it) hidden, aria-hidden, inert, not displayed, invisible or
// transparent, as sites close the dialogs they draw themselves. dialogName is dialog_name.js,
// given in by the caller.
el => {
  const dialog = el.closest('dialog, [role=dialog], [role=alertdialog]');
  if (!dialog) return null;
  let closed = dialog.tagName === 'DIALOG' && !dialog.open;
  for (let a = dialog; a && a.nodeType === 1 && !closed; a = a.parentElement) {
    const style = getComputedStyle(a);
    closed = a.hidden || a.inert || a.getAttribute('aria-hidden') === 'true'
      || style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0';
  }
  if (!closed) return null;
  return dialogName(dialog);
}
