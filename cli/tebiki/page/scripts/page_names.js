// Everything a person could name on the page: what a "did you mean" list is made of.
() => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const out = new Set();
  const sel = 'a, button, [role=button], [role=link], [role=menuitem], label, summary, '
    + 'h1, h2, h3, h4, h5, h6, legend, input[type=submit], input[type=button], option, th';
  for (const el of document.querySelectorAll(sel)) {
    const text = norm(el.getAttribute('aria-label') || el.innerText || el.value || '');
    if (text && text.length <= 60) out.add(text);
  }
  return Array.from(out);
}
