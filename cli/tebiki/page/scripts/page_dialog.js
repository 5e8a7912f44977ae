// What a modal dialog says, as a person reads it: its name, its words (short, without its
// buttons' own names), and its buttons, each by its name and its place among the dialog's
// pressable elements (what tebiki presses, in this very dialog). dialogName is dialog_name.js.
(dialog, dialogName) => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility === 'visible';
  const PRESSABLE = 'button, [role=button], input[type=submit], input[type=button], a[href]';
  const buttons = Array.from(dialog.querySelectorAll(PRESSABLE))
    .map((b, index) => ({ index, name: norm(b.getAttribute('aria-label') || b.innerText || b.value), b }))
    .filter(({ name, b }) => name && shown(b) && !b.disabled)
    .map(({ index, name }) => ({ index, name }));
  const said = dialog.cloneNode(true);
  said.querySelectorAll(PRESSABLE + ', script, style').forEach(b => b.remove());
  const texts = [];
  const walker = document.createTreeWalker(said, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  return { title: dialogName(dialog), words: norm(texts.join(' ')).slice(0, 200), buttons };
}
