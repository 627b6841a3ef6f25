// A signed-in user's input in an open page is what keeps their session alive — not the page's own traffic (render
// acknowledgements, slide changes of an unattended deck), which would keep a screen nobody touches signed in for good.
// On input (at most once every 30 s) this tells the circuit (CircuitActivity) and, at most every five minutes, renews
// the sign-in cookie, since a page in use makes no requests of its own. A page nobody touches lets the session expire.
const touchEveryMs = 30 * 1000;
const renewEveryMs = 5 * 60 * 1000;
let state = null;

export function start(activity) {
  stop();
  let lastTouch = 0;
  let inputSinceRenewal = false;
  const onInput = () => {
    inputSinceRenewal = true;
    const now = Date.now();
    if (now - lastTouch < touchEveryMs) return;
    lastTouch = now;
    activity.invokeMethodAsync('UserInput').catch(() => {});
  };
  const timer = setInterval(() => {
    if (!inputSinceRenewal) return;
    inputSinceRenewal = false;
    fetch('account/keepalive', { credentials: 'same-origin', cache: 'no-store' }).catch(() => {});
  }, renewEveryMs);
  for (const type of ['pointerdown', 'keydown', 'wheel']) window.addEventListener(type, onInput, { passive: true });
  state = { onInput, timer };
}

export function stop() {
  if (!state) return;
  for (const type of ['pointerdown', 'keydown', 'wheel']) window.removeEventListener(type, state.onInput);
  clearInterval(state.timer);
  state = null;
}
