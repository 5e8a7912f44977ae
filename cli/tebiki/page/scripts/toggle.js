// Whether the page marks an element as a toggle that opens something (a menu button, a
// disclosure): aria-expanded, aria-haspopup, aria-controls, or a <summary>; not a form's
// submit control.
el => {
  if ((el.type === 'submit' || el.type === 'image') && el.form) return false;
  return el.matches('[aria-expanded], [aria-haspopup]:not([aria-haspopup=false]), '
    + '[aria-controls], summary') || !!el.closest('summary');
}
