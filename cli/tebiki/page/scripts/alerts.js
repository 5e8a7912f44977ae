// The page's alerts as assistive technology finds them (Playwright's role=alert, found here
// with the DOM alone: a query through Playwright would set Playwright up in the page's main
// world once more on every new page): an element whose first role is alert, not hidden from
// the accessibility tree (aria-hidden, display: none, not visible).
() => {
  const hidden = el => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      if (a.getAttribute('aria-hidden') === 'true' || a.hidden) return true;
      if (getComputedStyle(a).display === 'none') return true;
    }
    return getComputedStyle(el).visibility !== 'visible';
  };
  return Array.from(document.querySelectorAll('[role]')).filter(el =>
    (el.getAttribute('role') || '').trim().toLowerCase().split(/\s+/)[0] === 'alert'
    && !hidden(el));
}
