// The dialog an element sits in while that dialog is closed, by its name ('' when it has
// none); null when the element is in no dialog, or in an open one. Closed: a <dialog> not
// open, or a dialog (or what holds it) hidden, aria-hidden, inert, not displayed, invisible or
// transparent, as sites close the dialogs they draw themselves.
el => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const dialog = el.closest('dialog, [role=dialog], [role=alertdialog]');
  if (!dialog) return null;
  let closed = dialog.tagName === 'DIALOG' && !dialog.open;
  for (let a = dialog; a && a.nodeType === 1 && !closed; a = a.parentElement) {
    const style = getComputedStyle(a);
    closed = a.hidden || a.inert || a.getAttribute('aria-hidden') === 'true'
      || style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0';
  }
  if (!closed) return null;
  const titled = (dialog.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean)
    .map(t => norm(t.textContent)).join(' ');
  const heading = dialog.querySelector('h1, h2, h3, h4, [role=heading]');
  return titled || norm(dialog.getAttribute('aria-label'))
    || (heading ? norm(heading.textContent) : '');
}
