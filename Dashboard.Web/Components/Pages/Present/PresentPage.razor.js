// The deck's keyboard (and presentation clicker: they send arrows or PageUp/PageDown), full screen, blanking and
// the idle cursor. Moving between slides is the server's job (the slide is in the URL); what only the browser can
// do — full screen needs the key press itself — happens here.
const CursorIdleMs = 3000;

let state = null;

export function start(element, dotnet) {
  stop();
  const onKey = event => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const send = key => { event.preventDefault(); dotnet.invokeMethodAsync('Key', key); };
    switch (event.key) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': case 'Enter': return send('next');
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'Backspace': return send('previous');
      case ' ': return send('pause');
      case 'f': case 'F':
        event.preventDefault();
        if (document.fullscreenElement) document.exitFullscreen?.();
        else document.documentElement.requestFullscreen?.().catch(() => {});
        return;
      case 'b': case 'B': case '.':
        event.preventDefault();
        element.classList.toggle('is-blank');
        return;
      case 'Escape':
        // Leaves full screen (the browser insists) but never the deck.
        event.preventDefault();
        return;
      default:
        if (/^[1-9]$/.test(event.key)) return send(event.key);
    }
  };
  let idle = null;
  const onMove = () => {
    element.classList.remove('is-idle');
    clearTimeout(idle);
    idle = setTimeout(() => element.classList.add('is-idle'), CursorIdleMs);
  };
  document.addEventListener('keydown', onKey);
  document.addEventListener('mousemove', onMove);
  element.classList.add('is-idle');
  // Tells whoever drives the deck (a browser test, say) that keys are listened to from now on.
  element.dataset.keys = 'ready';
  state = { onKey, onMove, clearIdle: () => clearTimeout(idle) };
}

export function stop() {
  if (!state) return;
  document.removeEventListener('keydown', state.onKey);
  document.removeEventListener('mousemove', state.onMove);
  state.clearIdle();
  state = null;
}
