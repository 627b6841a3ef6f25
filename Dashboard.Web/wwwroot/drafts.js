// Unsaved work, kept in this browser tab while it is typed (sessionStorage), so that nothing typed is lost when the
// live connection is: after the server restarts, the page reloads itself (connection.js) and takes its draft back.
// A draft is { rows: { <row>: { version, fields: { <name>: <value> } } } } — every row the user touched since the
// last save (an element with data-draft-row), with each of its fields (data-draft-field) and the version the row was
// loaded at (data-draft-version), so a draft older than the stored data comes back as a conflict, never an overwrite.
const prefix = 'dashboard.draft:';
const watchers = new WeakMap();
const watchedKeys = new Set();

// Ctrl+S (⌘S on a Mac) saves an editing page, as office programs do, instead of the browser saving the page as a
// file: the field being typed in is left first, so that its change reaches the server before the save, then the
// page's save button (data-save-shortcut) is pressed. This module is loaded by the editing pages.
document.addEventListener('keydown', event => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 's') return;
  const button = document.querySelector('[data-save-shortcut]');
  if (!button) return;
  event.preventDefault();
  if (button.disabled) return;
  document.activeElement?.blur?.();
  button.click();
});

function read(key) {
  try {
    return JSON.parse(sessionStorage.getItem(prefix + key) ?? 'null');
  } catch {
    return null;
  }
}

// For the connection badge: this page holds work that exists only in this browser.
function mark() {
  const any = [...watchedKeys].some(key => sessionStorage.getItem(prefix + key) !== null);
  if (any) document.body.dataset.unsavedDraft = 'true';
  else delete document.body.dataset.unsavedDraft;
}

// Drafts belong to the session they were typed in (key: <owner>:<page>): another user's are never brought back.
function dropOthers(owner) {
  for (const stored of Object.keys(sessionStorage)) {
    if (stored.startsWith(prefix) && !stored.startsWith(`${prefix}${owner}:`)) sessionStorage.removeItem(stored);
  }
}

export function watch(root, key, owner) {
  dropOthers(owner);
  const touched = new Set(Object.keys(read(key)?.rows ?? {}));
  let timer = null;
  const write = () => {
    clearTimeout(timer);
    timer = null;
    const rows = {};
    for (const name of touched) {
      const row = root.querySelector(`[data-draft-row="${CSS.escape(name)}"]`);
      if (!row) continue;
      const fields = {};
      // A checkbox keeps whether it is ticked (its value is fixed).
      for (const field of row.querySelectorAll('[data-draft-field]')) fields[field.dataset.draftField] = field.type === 'checkbox' ? String(field.checked) : field.value;
      rows[name] = { version: row.dataset.draftVersion ?? '', fields };
    }
    try {
      if (Object.keys(rows).length > 0) sessionStorage.setItem(prefix + key, JSON.stringify({ rows }));
      else sessionStorage.removeItem(prefix + key);
    } catch {
      // Storage full or switched off: the page still works, it just cannot keep a copy.
    }
    mark();
  };
  const onEdit = event => {
    const row = event.target.closest?.('[data-draft-row]');
    if (!row || !root.contains(row) || !event.target.matches?.('[data-draft-field]')) return;
    touched.add(row.dataset.draftRow);
    // A change (leaving a field) is written at once; typing at most every 300 ms (a report is 100,000 characters).
    if (event.type === 'change') write();
    else if (!timer) timer = setTimeout(write, 300);
  };
  const onHide = () => { if (timer) write(); };
  root.addEventListener('input', onEdit);
  root.addEventListener('change', onEdit);
  window.addEventListener('pagehide', onHide);
  watchers.set(root, { key, touched, onEdit, onHide, cancel: () => clearTimeout(timer) });
  watchedKeys.add(key);
  root.dataset.drafts = 'kept';   // for tests and tools: what is typed from now on is kept
  mark();
}

// The rows of root being edited here: typed in since the last save (even if not yet sent to the server, which hears
// of a field when it is left), and the one the cursor is in. A live update must not overwrite what is typed there.
export function editing(root) {
  const rows = new Set(watchers.get(root)?.touched ?? []);
  const focused = root.contains(document.activeElement) ? document.activeElement.closest('[data-draft-row]') : null;
  if (focused) rows.add(focused.dataset.draftRow);
  return [...rows];
}

export function has(key) {
  return sessionStorage.getItem(prefix + key) !== null;
}

// The stored draft as UTF-8 JSON: a stream to .NET, as a draft can be larger than one circuit message.
export function take(key) {
  return new TextEncoder().encode(sessionStorage.getItem(prefix + key) ?? '{}');
}

// After a save (or a discard): nothing of this page is unsaved any more.
export function clear(root, key) {
  const watcher = watchers.get(root);
  if (watcher) {
    watcher.cancel();
    watcher.touched.clear();
  }
  sessionStorage.removeItem(prefix + key);
  mark();
}

export function unwatch(root) {
  const watcher = watchers.get(root);
  if (!watcher) return;
  watcher.cancel();
  root.removeEventListener('input', watcher.onEdit);
  root.removeEventListener('change', watcher.onEdit);
  window.removeEventListener('pagehide', watcher.onHide);
  watchers.delete(root);
  watchedKeys.delete(watcher.key);
  delete root.dataset.drafts;
  mark();
}
