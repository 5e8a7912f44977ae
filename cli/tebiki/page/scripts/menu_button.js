// A menu button that is closed: a button (not a link, which a click would follow) that the page
// marks as collapsed or as opening a popup. A library may mark a wrapper around it instead
// (Mantine's menu target is a <div aria-haspopup aria-expanded> around the button): the
// closest marked ancestor counts when the button is the only control in it.
el => {
  const button = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button';
  if (!button || (el.tagName === 'A' && el.hasAttribute('href') && !el.getAttribute('href')
      .startsWith('#'))) return false;
  const marked = a => {
    const popup = a.getAttribute('aria-haspopup');
    return a.getAttribute('aria-expanded') === 'false' || (!!popup && popup !== 'false');
  };
  if (marked(el)) return true;
  const wrapper = el.parentElement && el.parentElement.closest('[aria-haspopup], [aria-expanded]');
  const CONTROLS = 'a[href], button, input, select, textarea, [role=button], [role=link]';
  return !!wrapper && marked(wrapper) && wrapper.querySelectorAll(CONTROLS).length === 1;
}
