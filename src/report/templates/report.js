(() => {
  // Sortable tables: each header button sorts by the body column its th names (data-col);
  // numbers sort numerically, unknowns (empty data-value) always last, ties keep the rank order.
  for (const table of document.querySelectorAll('table.sortable')) {
    const headers = Array.from(table.querySelectorAll('thead th[data-col]'));
    for (const th of headers) {
      const button = th.querySelector('button');
      if (button) button.addEventListener('click', () => sortBy(table, th, headers));
    }
  }

  function sortBy(table, th, headers) {
    const current = th.getAttribute('aria-sort');
    const direction =
      current === 'ascending'
        ? 'descending'
        : current === 'descending'
          ? 'ascending'
          : th.dataset.first === 'desc'
            ? 'descending'
            : 'ascending';
    const column = Number(th.dataset.col);
    const numeric = th.dataset.type !== 'text';
    const sign = direction === 'ascending' ? 1 : -1;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const sortKey = (row) => row.cells[column].dataset.value;
    rows.sort((a, b) => {
      const x = sortKey(a);
      const y = sortKey(b);
      let order = 0;
      if (x === '' || y === '') order = (x === '') - (y === '');
      else order = sign * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
      return order || Number(a.dataset.rank) - Number(b.dataset.rank);
    });
    body.append(...rows);
    for (const header of headers) header.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', direction);
  }

  // A closed <details> prints closed: open the prompt and rubric for paper.
  window.addEventListener('beforeprint', () => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });

  // Outputs per article: every article is in the page; show one at a time, optionally only
  // the articles (and within them the outputs) a filter keeps.
  const select = document.getElementById('article-select');
  if (select) {
    const filter = document.getElementById('article-filter');
    const none = document.getElementById('article-none');
    const position = document.getElementById('article-position');
    const prev = document.getElementById('article-prev');
    const next = document.getElementById('article-next');
    const blocks = Array.from(document.querySelectorAll('[data-article]'));
    const options = Array.from(select.options);
    const flagged = (element, kind) =>
      kind === 'all' || element.dataset.flags.split(' ').includes(kind);
    let matching = blocks;
    let shown = blocks[0];

    const show = (block) => {
      if (shown) shown.hidden = true;
      shown = block;
      if (block) {
        block.hidden = false;
        select.value = block.dataset.article;
      }
      const at = matching.indexOf(block);
      position.textContent = block ? `${at + 1} of ${matching.length}` : '';
      prev.disabled = at <= 0;
      next.disabled = at < 0 || at >= matching.length - 1;
      select.disabled = !block;
      none.hidden = Boolean(block);
    };
    const step = (by) => {
      const target = matching[matching.indexOf(shown) + by];
      if (target) show(target);
    };
    const applyFilter = () => {
      const kind = filter.value;
      matching = blocks.filter((block) => flagged(block, kind));
      for (const block of matching) {
        for (const output of block.querySelectorAll('[data-flags].out')) {
          output.hidden = !flagged(output, kind);
        }
      }
      const kept = new Set(matching.map((block) => block.dataset.article));
      select.replaceChildren(...options.filter((option) => kept.has(option.value)));
      show(matching.includes(shown) ? shown : matching[0]);
    };

    select.addEventListener('change', () => show(blocks[Number(select.value)]));
    prev.addEventListener('click', () => step(-1));
    next.addEventListener('click', () => step(1));
    filter.addEventListener('change', applyFilter);
    // A reload may restore the filter the reader had chosen.
    applyFilter();
  }
})();
