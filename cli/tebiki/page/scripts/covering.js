// What covers an element, as a person would name it: the dialog (or the layer over the
// window) the middle of the element is under, with its name, its first words and its buttons.
// null when nothing covers it. dialogName is dialog_name.js, given in by the caller.
(el, dialogName) => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!top || top === el || el.contains(top) || top.contains(el)) return null;
  const dialogs = 'dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]';
  const shows = d => { const b = d.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  // The layer itself, or, for a backdrop with nothing of its own, the dialog it goes with.
  const box = top.closest(dialogs)
    || Array.from(document.querySelectorAll(dialogs)).find(shows) || top;
  const name = dialogName(box);
  const role = box.matches(dialogs) ? (box.getAttribute('role') || 'dialog') : 'layer';
  let words = norm(box.innerText);
  if (name && words.startsWith(name)) words = norm(words.slice(name.length));
  words = words.length > 40 ? words.slice(0, 40) + '…' : words;
  // The buttons a person could press to make it go away, those that say so first.
  const dismissing = /同意|許可|閉じる|OK|Accept|Agree|Allow|Close|Got it|Dismiss|×/i;
  const buttons = Array.from(box.querySelectorAll('button, [role=button], input[type=button]'))
    .filter(shows).map(b => norm(b.getAttribute('aria-label') || b.innerText || b.value))
    .filter(Boolean)
    .sort((a, b) => Number(dismissing.test(b)) - Number(dismissing.test(a))).slice(0, 4);
  box.setAttribute('data-tebiki-cover', '');
  return { role, name, words, buttons };
}
