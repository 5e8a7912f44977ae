// What on the page carries a name, whatever it is: each element a person could take for the
// target (a link, a button, a menu item, a tab, a label, a heading), with what it is, whether
// it shows, whether it sits in a menu that is closed, and what covers it.
(wanted) => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const sel = 'a[href], button, [role], summary, label, h1, h2, h3, h4, h5, h6, '
    + 'input[type=submit], input[type=button], input[type=image]';
  const kindOf = el => {
    const role = el.getAttribute('role');
    if (role) return role;
    if (el.tagName === 'A') return 'link';
    if (el.tagName === 'BUTTON' || el.tagName === 'INPUT' || el.tagName === 'SUMMARY')
      return 'button';
    if (el.tagName === 'LABEL') return 'label';
    return 'heading';
  };
  const nameOf = el => norm(el.getAttribute('aria-label') || el.innerText || el.value
    || el.getAttribute('alt') || el.textContent);
  const shows = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible';
  };
  const closedMenu = el => {
    const menu = el.closest('[role=menu], [role=menubar], [role=listbox], ul, ol, div');
    for (let box = el.parentElement; box; box = box.parentElement) {
      if (!box.id) continue;
      const toggle = document.querySelector(`[aria-controls~="${CSS.escape(box.id)}"]`);
      if (toggle) return norm(toggle.getAttribute('aria-label') || toggle.innerText);
    }
    return menu && menu.closest('[hidden], [aria-hidden=true]') ? '?' : '';
  };
  const cover = el => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return '';
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return '';
    const top = document.elementFromPoint(x, y);
    return top && top !== el && !el.contains(top) && !top.contains(el) ? 'covered' : '';
  };
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (nameOf(el) !== wanted) continue;
    out.push({ kind: kindOf(el), shown: shows(el), menu: shows(el) ? '' : closedMenu(el),
               covered: cover(el) });
    if (out.length >= 5) break;
  }
  return out;
}
