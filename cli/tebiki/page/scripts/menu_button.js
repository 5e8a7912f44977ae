// A menu button that is closed: a button (not a link, which a click would follow) that the page
// marks as collapsed or as opening a popup.
el => {
  const button = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button';
  if (!button || (el.tagName === 'A' && el.hasAttribute('href') && !el.getAttribute('href')
      .startsWith('#'))) return false;
  const popup = el.getAttribute('aria-haspopup');
  return el.getAttribute('aria-expanded') === 'false' || (!!popup && popup !== 'false');
}
