// Hides the overlays a flow declares (by their names) wherever and whenever they appear, with
// the layer over the window that goes with each (a backdrop): style only, so no event reaches
// the page. Runs before the page's own scripts, on every page of the walk.
(names) => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const kinds = 'dialog, [role=dialog], [role=alertdialog], [aria-modal=true], [role=region], '
    + '[role=banner], [role=complementary], aside, section';
  const nameOf = el => {
    const labelled = el.getAttribute('aria-labelledby');
    const heading = el.querySelector('h1, h2, h3, h4, [role=heading]');
    return norm(el.getAttribute('aria-label'))
      || (labelled && norm(document.getElementById(labelled)?.textContent))
      || (heading && norm(heading.textContent)) || '';
  };
  const hideLayers = overlay => {
    const area = innerWidth * innerHeight;
    for (const layer of document.querySelectorAll('body *')) {
      if (layer === overlay || overlay.contains(layer)) continue;
      if (getComputedStyle(layer).position !== 'fixed') continue;
      const r = layer.getBoundingClientRect();
      if (r.width * r.height < 0.6 * area) continue;
      const own = layer.querySelector('a[href], button, input, select, textarea');
      if (own && !layer.contains(overlay)) continue;
      layer.style.setProperty('display', 'none', 'important');
    }
  };
  const hide = () => {
    if (!document.body) return;
    for (const el of document.querySelectorAll(kinds)) {
      if (el.hasAttribute('data-tebiki-hidden') || !names.includes(nameOf(el))) continue;
      el.setAttribute('data-tebiki-hidden', '');
      el.style.setProperty('display', 'none', 'important');
      hideLayers(el);
    }
  };
  new MutationObserver(hide).observe(document, { childList: true, subtree: true });
  hide();
}
