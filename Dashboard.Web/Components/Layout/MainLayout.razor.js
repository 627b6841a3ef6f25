// While a signed-in user works inside an open page, the page makes no requests of its own, so the sign-in cookie
// would expire after the idle timeout however busy the user is. This keeps it alive: after any input, at most once
// every five minutes, it asks the server to renew it. A page nobody touches lets the session expire.
const interval = 5 * 60 * 1000;
let active = false;
let timer = null;

const onInput = () => { active = true; };

export function start() {
  window.addEventListener('pointerdown', onInput, { passive: true });
  window.addEventListener('keydown', onInput, { passive: true });
  timer = setInterval(() => {
    if (!active) return;
    active = false;
    fetch('account/keepalive', { credentials: 'same-origin', cache: 'no-store' }).catch(() => {});
  }, interval);
}

export function stop() {
  window.removeEventListener('pointerdown', onInput);
  window.removeEventListener('keydown', onInput);
  clearInterval(timer);
}
