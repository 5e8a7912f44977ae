// Where an element sits, as a person would say it: the title of the box it is in (a labelled
// ancestor, or a heading or short title-like first child of an ancestor, as a card's header
// <div>), else the nearest heading before it, else its landmark.
els => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const titleOf = (box, el) => {
    const label = box.getAttribute('aria-label');
    if (label) return norm(label);
    for (const id of (box.getAttribute('aria-labelledby') || '').split(/\s+/)) {
      const t = id && document.getElementById(id);
      if (t) return norm(t.textContent);
    }
    if (box.tagName === 'FIELDSET') {
      const legend = box.querySelector(':scope > legend');
      if (legend) return norm(legend.textContent);
    }
    if (box.tagName === 'TABLE') {
      const caption = box.querySelector(':scope > caption');
      if (caption) return norm(caption.textContent);
    }
    const first = box.firstElementChild;
    if (!first || first.contains(el)) return '';
    const text = norm(first.textContent);
    const titleLike = /^H[1-6]$/.test(first.tagName) || first.getAttribute('role') === 'heading'
      || (text.length <= 30 && !first.querySelector('a, button, input, select, textarea'));
    return titleLike ? text : '';
  };
  const landmark = el => {
    if (el.closest('header, [role=banner]')) return 'header';
    if (el.closest('footer, [role=contentinfo]')) return 'footer';
    if (el.closest('nav, [role=navigation]')) return 'nav';
    return '';
  };
  return els.map(el => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (box.matches('header, footer, nav, [role=banner], [role=contentinfo]')) break;
      const title = titleOf(box, el);
      if (title) return title;
    }
    const mark = landmark(el);
    if (mark) return mark;
    const heads = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]'))
      .filter(h => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    return heads.length ? norm(heads[heads.length - 1].textContent) : '';
  });
}
