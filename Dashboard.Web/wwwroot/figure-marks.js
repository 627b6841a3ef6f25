// The report's marked figures (NarrativeHtml): a click, Enter or Space, or the pointer entering a mark becomes one
// 'figureselect' event carrying the indicator, which the report panel handles in .NET (@onfigureselect). One listener
// per page instead of three handlers per figure in every open screen's circuit. Loaded before Blazor starts.
(() => {
  const markOf = event => event.target.closest?.('mark.figure-mark[data-indicator]');
  const select = mark => mark.dispatchEvent(new CustomEvent('figureselect', { bubbles: true, detail: mark.dataset.indicator }));
  let hovered = null;

  document.addEventListener('click', event => { const mark = markOf(event); if (mark) select(mark); });
  document.addEventListener('keydown', event => {
    const mark = markOf(event);
    if (mark && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      select(mark);
    }
  });
  document.addEventListener('mouseover', event => {
    const mark = markOf(event);
    if (mark !== hovered && mark) select(mark);
    hovered = mark ?? null;
  });

  Blazor.registerCustomEventType('figureselect', { createEventArgs: event => ({ indicator: event.detail }) });
})();
