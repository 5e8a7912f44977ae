// The page's sections as a person sees them: headings, labelled regions and groups, and the
// title-like first lines of boxes that hold links or fields (a card's header).
() => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const out = [];
  const add = text => { if (text && text.length <= 40 && !out.includes(text)) out.push(text); };
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading],legend,caption'))
    if (visible(h)) add(norm(h.textContent));
  // Named regions, landmarks and groups: a sidebar <aside aria-label>, a named <nav> or form.
  const named = '[role=region][aria-label], section[aria-label], aside[aria-label], '
    + 'nav[aria-label], form[aria-label], [role=group][aria-label], '
    + '[role=complementary][aria-label], [role=navigation][aria-label]';
  for (const box of document.querySelectorAll(named)) add(norm(box.getAttribute('aria-label')));
  for (const box of document.querySelectorAll('div, section, article, li')) {
    const first = box.firstElementChild;
    if (!first || first === box.lastElementChild || !visible(first)) continue;
    if (first.querySelector('a, button, input, select, textarea')) continue;
    if (!box.querySelector('a[href], button, input, select, textarea')) continue;
    const text = norm(first.textContent);
    if (text.length <= 30) add(text);
  }
  return out;
}
