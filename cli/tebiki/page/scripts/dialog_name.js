// A dialog's name as a person reads it: what labels it, else its heading.
d => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const titled = (d.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean)
    .map(t => norm(t.textContent)).join(' ');
  const heading = d.querySelector('h1, h2, h3, h4, [role=heading]');
  return titled || norm(d.getAttribute('aria-label')) || (heading ? norm(heading.textContent) : '');
}
