// Runs over every candidate at once, so one round trip tells which are in scope and visible.
(els, [within, opener], closedDialog, modals) => {
  // Between two documents the next one may have no body yet: nothing is there to find.
  if (!document.body) return els.map(() => [false, false]);
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  // A <header> or <footer> is the page's banner or contentinfo only outside sectioning
  // content: an article's own <header> is not the page header.
  const SECTIONING = 'article, aside, main, nav, section, [role=article], '
    + '[role=complementary], [role=main], [role=navigation], [role=region]';
  const up = (el, test) => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) if (test(a)) return true;
    return false;
  };
  const pageLevel = (a, tag, role) => a.getAttribute('role') === role
    || (a.tagName === tag && !(a.parentElement && a.parentElement.closest(SECTIONING)));
  const landmarks = {
    header: el => up(el, a => pageLevel(a, 'HEADER', 'banner')),
    footer: el => up(el, a => pageLevel(a, 'FOOTER', 'contentinfo')),
    main: el => !!el.closest('main, [role=main]'),
    nav: el => !!el.closest('nav, [role=navigation]'),
  };
  const level = h => {
    const m = /^H([1-6])$/.exec(h.tagName);
    return m ? Number(m[1]) : Number(h.getAttribute('aria-level') || 7);
  };
  const labelled = a => {
    const titles = [];
    if (a.getAttribute('aria-label')) titles.push(norm(a.getAttribute('aria-label')));
    for (const id of (a.getAttribute('aria-labelledby') || '').split(/\s+/)) {
      const t = id && document.getElementById(id);
      if (t) titles.push(norm(t.textContent));
    }
    if (a.tagName === 'FIELDSET') {
      const legend = a.querySelector(':scope > legend');
      if (legend) titles.push(norm(legend.textContent));
    }
    if (a.tagName === 'TABLE') {  // a table is titled by its caption (an admin's boxes)
      const caption = a.querySelector(':scope > caption');
      if (caption) titles.push(norm(caption.textContent));
    }
    return titles;
  };
  let titles = [];
  const pseudo = [];
  if (within && !landmarks[within]) {
    const real = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]'));
    const named = real.some(h => norm(h.textContent) === within)
      || Array.from(document.querySelectorAll('[aria-label],[aria-labelledby],fieldset,table'))
        .some(a => labelled(a).includes(within));
    // Where no heading carries the section's name, the smallest element whose whole text is
    // the name (a <dt>, a <b>, a styled <div>) stands as the section's heading.
    if (!named) {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (!norm(t.nodeValue).includes(within)) continue;
        const e = t.parentElement;
        if (e && norm(e.textContent) === within && !els.some(c => c.contains(e))) pseudo.push(e);
      }
    }
    titles = real.concat(pseudo).sort((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  }
  const sectionsOf = el => {
    const names = [];
    for (let a = el.parentElement; a; a = a.parentElement) names.push(...labelled(a));
    const stack = [];
    for (const h of titles) {
      if (!(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (h.contains(el)) continue;
      // A heading whose own section box has closed before the element does not cover it.
      const box = h.parentElement && h.parentElement.closest(
        'section, article, aside, nav, fieldset, [role=region], [role=group]');
      if (box && !box.contains(el)) continue;
      // A title that is no heading (a card's header <div>) heads the box it stands in: the
      // nearest ancestor holding more than the title itself.
      if (pseudo.includes(h)) {
        let holder = h.parentElement;
        while (holder && norm(holder.textContent) === norm(h.textContent))
          holder = holder.parentElement;
        if (!holder || holder === document.body || !holder.contains(el)) continue;
      }
      const lv = /^H[1-6]$/.test(h.tagName) || h.getAttribute('role') === 'heading'
        ? level(h) : 7;
      while (stack.length && stack[stack.length - 1].lv >= lv) stack.pop();
      stack.push({ lv, title: norm(h.textContent) });
    }
    return names.concat(stack.map(s => s.title));
  };
  // A menu, listbox or popover a library made when it opened, often at the end of <body>:
  // its entries are where its control is (the header's button that opened it).
  const POPUP = '[role=menu], [role=menubar], [role=listbox], [role=dialog], [role=tooltip], '
    + '[popover]';
  const controlOf = el => {
    const popup = el.closest(POPUP);
    if (!popup) return null;
    if (popup.id) {
      const id = CSS.escape(popup.id);
      const control = document.querySelector(`[aria-controls~="${id}"], [aria-owns~="${id}"]`);
      if (control && !popup.contains(control)) return control;
    }
    for (const id of (popup.getAttribute('aria-labelledby') || '').split(/\s+/)) {
      const control = id && document.getElementById(id);
      if (control && !popup.contains(control)) return control;
    }
    // Named by nothing: the control the flow's last reveal step opened, while on this page.
    return opener && opener.isConnected && !popup.contains(opener) ? opener : null;
  };
  const scopeHolds = el => landmarks[within] ? landmarks[within](el)
    : sectionsOf(el).includes(within);
  const inScope = el => {
    if (!within) return true;
    if (scopeHolds(el)) return true;
    const control = controlOf(el);
    return !!control && scopeHolds(control);
  };
  // What a person can see: a box on the page, not pushed off it, not invisible or transparent.
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;
    if (getComputedStyle(el).visibility !== 'visible') return false;
    if (closedDialog(el) !== null) return false;  // under the page, aria-hidden, and the like
    return !up(el, a => getComputedStyle(a).opacity === '0');
  };
  const flags = els.map(el => [inScope(el), visible(el)]);
  // While a modal dialog is open (modals.js) a person can act only in it: where it holds a
  // match, the matches behind it (the page's own 退会する behind the dialog's) are not
  // candidates.
  const inModal = el => modals.some(d => d.contains(el));
  if (modals.length && flags.some(([scoped, shown], i) => scoped && shown && inModal(els[i])))
    return flags.map(([scoped, shown], i) => [scoped && inModal(els[i]), shown]);
  return flags;
}
