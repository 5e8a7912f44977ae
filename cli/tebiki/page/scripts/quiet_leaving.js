// A page being left cannot be stopped at the network: Chromium sends what it queues as it goes
// (a beacon, a keep-alive fetch) after its document is gone, out of any route's reach. So a
// dry run, which leaves each page only because it opens the next, takes those two ways from
// a page as it is left: this runs before the page's own scripts, so its listeners come first
// and its sendBeacon and fetch are the ones the page gets.
(() => {
  if (window[Symbol.for('tebiki.quietLeaving')]) return;  // a page played again: once
  Object.defineProperty(window, Symbol.for('tebiki.quietLeaving'), { value: true });
  let leaving = false;
  addEventListener('pagehide', () => { leaving = true; }, true);
  addEventListener('pageshow', () => { leaving = false; }, true);
  document.addEventListener('visibilitychange', () => {
    leaving = document.visibilityState === 'hidden';  // a headed window hidden, then shown
  }, true);
  const beacon = Navigator.prototype.sendBeacon;
  Navigator.prototype.sendBeacon = function sendBeacon(...args) {
    return leaving ? false : beacon.apply(this, args);
  };
  const send = window.fetch;
  window.fetch = function fetch(input, init) {
    const keepalive = (init && init.keepalive) || (input instanceof Request && input.keepalive);
    if (leaving && keepalive) return Promise.reject(new TypeError('Failed to fetch'));
    return send.apply(this, arguments);
  };
})();
