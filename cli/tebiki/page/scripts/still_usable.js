// Playwright's actionability checks (visible, stable, receives events; enabled, editable), made
// without moving the mouse, scrolling or focusing: a dry run's check gives the page nothing to
// react to (Playwright's own trial hover moves the mouse onto the target). "" when usable, else
// why not; "covered" when something else is at the target's middle.
async (el, needsEditing) => {
  if (!el.isConnected) return 'is no longer on the page';
  const box = () => el.getBoundingClientRect();
  const first = box();
  const style = getComputedStyle(el);
  if (first.width === 0 || first.height === 0 || style.visibility === 'hidden')
    return 'is not shown';
  // Stable: the same box two frames apart, as Playwright judges it.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const r = box();
  if (r.x !== first.x || r.y !== first.y || r.width !== first.width || r.height !== first.height)
    return 'is still moving';
  if (el.matches(':disabled') || el.closest('[aria-disabled=true]')) return 'is disabled';
  if (needsEditing && (el.readOnly || el.getAttribute('aria-readonly') === 'true'))
    return 'cannot be edited';
  // Receives events: what the window shows at its middle, where that middle is in the window
  // (a dry run scrolls nothing into view). A checkbox drawn over by its styled label counts.
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return '';
  const top = document.elementFromPoint(x, y);
  if (!top || top === el || el.contains(top) || top.contains(el)) return '';
  if (el.labels && Array.from(el.labels).some(label => label.contains(top))) return '';
  return 'covered';
}
