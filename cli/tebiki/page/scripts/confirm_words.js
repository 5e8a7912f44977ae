// The words of the confirm dialog a click would raise, where the page says it in its markup
// (Rails' data-confirm, Turbo's data-turbo-confirm, on the control or its form).
el => {
  const holder = el.closest('[data-confirm], [data-turbo-confirm]')
    || (el.form && el.form.closest('[data-confirm], [data-turbo-confirm]'));
  return holder ? (holder.dataset.confirm || holder.dataset.turboConfirm || '') : '';
}
