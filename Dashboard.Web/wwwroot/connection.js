// Keeps every page connected to the server with nobody at the keyboard — the meeting-room screen above all.
// Blazor's own reconnection gives up after about six minutes (then waits for a visibility change that never comes
// on a wall screen), covers the page with a modal, and does nothing at all when the server dies while the circuit
// is still starting. Here instead:
//   - the page keeps showing what it showed, with a small badge (#connection-badge) while the connection is down;
//   - it retries without limit, every data-retry-ms; each attempt first asks /healthz whether the server is back;
//   - when the server is back but cannot resume this page (it restarted), the page reloads itself — same URL,
//     so the deck comes back on the same slide; a page with unsaved edits still asks first (NavigationLock);
//   - a page that expects a live connection and has none data-start-timeout-ms after loading recovers the same way.
(() => {
  const body = document.body;
  const retryMs = Number(body.dataset.retryMs) || 2000;
  const startTimeoutMs = Number(body.dataset.startTimeoutMs) || 15000;
  const badge = document.getElementById('connection-badge');
  const delay = ms => new Promise(resolve => setTimeout(resolve, ms));
  // The layouts render this marker once the page is live (it stays after the connection drops).
  const wasLive = () => document.querySelector('[data-interactive=true]') !== null;
  let recovering = false;
  let attempts = 0;

  const show = () => {
    badge.textContent = attempts === 0 ? '连接中断，正在重新连接…' : `连接中断，正在重新连接…（第 ${attempts} 次）`;
    badge.dataset.attempts = String(attempts);
    badge.hidden = false;
  };
  const hide = () => { badge.hidden = true; attempts = 0; badge.dataset.attempts = '0'; };

  async function serverIsBack() {
    try {
      return (await fetch('healthz', { cache: 'no-store' })).ok;
    } catch {
      return false;
    }
  }

  async function recover() {
    if (recovering) return;
    recovering = true;
    show();
    for (;;) {
      await delay(retryMs);
      attempts++;
      show();
      if (!(await serverIsBack())) continue;
      if (wasLive()) {
        try {
          if (await Blazor.reconnect()) {
            recovering = false;
            hide();
            return;
          }
        } catch {
          continue; // gone again between the two requests: keep trying
        }
      }
      // Back, but this page's session is not (the server restarted, or the page never had one): load it again.
      location.reload();
      return;
    }
  }

  Blazor.start({
    circuit: {
      reconnectionHandler: {
        onConnectionDown: () => { recover(); },
        onConnectionUp: () => { recovering = false; hide(); },
      },
    },
  }).catch(() => recover());

  if (body.dataset.expectsCircuit === 'true') {
    setTimeout(() => { if (!wasLive()) recover(); }, startTimeoutMs);
  }
})();
