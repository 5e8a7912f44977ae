// The modal dialogs the page shows, the one on top last: a <dialog> opened as one, aria-modal,
// or an alertdialog, each with a box on the page and not made invisible.
() => Array.from(document.querySelectorAll(
  'dialog[open], [aria-modal=true], [role=alertdialog]'))
  .filter(d => d.getClientRects().length > 0
    && getComputedStyle(d).visibility === 'visible'
    && (d.tagName !== 'DIALOG' || d.matches(':modal')
      || d.getAttribute('aria-modal') === 'true' || d.getAttribute('role') === 'alertdialog'))
