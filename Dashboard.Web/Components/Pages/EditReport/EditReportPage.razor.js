// The report text never crosses the live connection as an input event: a whole annual report (10,000–30,000
// characters, some 100,000) is larger than one circuit message (32 KB), and such a message closes the connection.
// Instead the page reads the text as a stream (read): after a pause in typing for the preview, and at once to save,
// with its length and checksum so the server can prove it stored exactly what is in the textarea.
const editors = new WeakMap();

// Line endings as the server stores them (String.ReplaceLineEndings("\n")).
const normalize = text => text.replace(/\r\n|[\r\u0085\u2028\u2029\f]/g, '\n');

// FNV-1a over UTF-16 code units, as ReportText.Checksum computes it.
function checksum(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

const bodyOf = form => form.querySelector('textarea[data-draft-field=body]');

export function attach(form, page) {
  const editor = { edits: 0, notified: false, timer: null };
  editor.onInput = event => {
    if (event.target !== bodyOf(form)) return;
    editor.edits++;
    // Tell the page at once that the text changed (it guards leaving), then send it after a pause in typing.
    if (!editor.notified) {
      editor.notified = true;
      page.invokeMethodAsync('BodyEditing', editor.edits).catch(() => {});
    }
    clearTimeout(editor.timer);
    editor.timer = setTimeout(() => page.invokeMethodAsync('BodyEdited').catch(() => {}), 400);
  };
  form.addEventListener('input', editor.onInput);
  editors.set(form, editor);
  form.dataset.ready = 'true';
}

// How long the text is: asked first, so that a text longer than any report is refused by its length, not by a
// stream that breaks off.
export function length(form) {
  return normalize(bodyOf(form).value).length;
}

// The text as it is now, with what identifies it, as UTF-8 JSON (a stream to .NET).
export function read(form) {
  const editor = editors.get(form);
  if (editor) editor.notified = false;
  const body = normalize(bodyOf(form).value);
  return new TextEncoder().encode(JSON.stringify({ body, length: body.length, checksum: checksum(body), edits: editor?.edits ?? 0 }));
}

export function detach(form) {
  const editor = editors.get(form);
  if (!editor) return;
  clearTimeout(editor.timer);
  form.removeEventListener('input', editor.onInput);
  editors.delete(form);
}
