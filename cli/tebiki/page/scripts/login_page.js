// Whether the page asks to log in: one password field shown (two are a new password and its
// confirmation), and not one marked to set a new password.
() => {
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  // One password field: two are a new password and its confirmation, as is new-password.
  const fields = Array.from(document.querySelectorAll('input[type=password]')).filter(shown);
  return fields.length === 1 && fields[0].autocomplete !== 'new-password';
}
