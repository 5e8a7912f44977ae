// The modal dialog the page shows, if any, as a person reads it: its title and words (short),
// and the names of its buttons. A modal is <dialog> opened as one, aria-modal, or an
// alertdialog; the last one shown is the one on top. Null when none is shown.
() => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility === 'visible';
  const modals = Array.from(document.querySelectorAll(
    'dialog[open], [aria-modal=true], [role=alertdialog]'))
    .filter(d => shown(d) && (d.tagName !== 'DIALOG' || d.matches(':modal')
      || d.getAttribute('aria-modal') === 'true' || d.getAttribute('role') === 'alertdialog'));
  const dialog = modals[modals.length - 1];
  if (!dialog) return null;
  const byId = id => document.getElementById(id);
  const titled = (dialog.getAttribute('aria-labelledby') || '').split(/\s+/)
    .map(byId).filter(Boolean).map(el => norm(el.innerText)).join(' ');
  const title = titled || norm(dialog.getAttribute('aria-label'))
    || norm((dialog.querySelector('h1, h2, h3, h4, [role=heading]') || {}).innerText);
  const PRESSABLE = 'button, [role=button], input[type=submit], input[type=button], a[href]';
  const buttons = Array.from(dialog.querySelectorAll(PRESSABLE))
    .filter(shown)
    .map(b => norm(b.getAttribute('aria-label') || b.innerText || b.value))
    .filter(Boolean);
  // What it says, without its buttons' own names.
  const said = dialog.cloneNode(true);
  said.querySelectorAll(PRESSABLE + ', script, style').forEach(b => b.remove());
  const texts = [];
  const walker = document.createTreeWalker(said, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  const words = norm(texts.join(' ')).slice(0, 200);
  return { title, words, buttons };
}
