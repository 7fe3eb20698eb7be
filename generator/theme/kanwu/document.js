// Run by kanwu (generator/build/pdf.py) on a document laid out for print,
// before Chromium prints it: what CSS cannot say about the official layout.
// A function, which Playwright's evaluate() calls.
() => {
  const pitch = parseFloat(getComputedStyle(document.documentElement).lineHeight);
  const page = 22 * pitch;
  // Marks that may not begin a line (避头): a line that ends just before one
  // gives its last character to the next line, which leaves it 27 characters
  // stretched. Word lets the mark hang into the margin instead, keeping 28
  // to the line; so do we, by giving the mark no width where it ends a line.
  const closing = new Set("，。、；：？！”’）》」』】〕〉…—·");

  function characters(block) {
    const found = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        if (node.data[i].trim() === "") continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) found.push({ node, i, char: node.data[i], top: rect.top });
      }
    }
    return found;
  }

  function hang(found) {
    // One mark at a time, the first whose line starts with one character
    // and then the mark: the line above ended early for it.
    for (let k = 1; k + 1 < found.length; k++) {
      const starts = Math.abs(found[k].top - found[k - 1].top) > pitch / 2;
      const next = found[k + 1];
      if (starts && closing.has(next.char) && Math.abs(next.top - found[k].top) < pitch / 2 && !next.node.parentElement.className.startsWith("kd-hang")) {
        const range = document.createRange();
        range.setStart(next.node, next.i);
        range.setEnd(next.node, next.i + 1);
        const span = document.createElement("span");
        span.className = "kd-hang";
        range.surroundContents(span);
        return span;
      }
    }
    return null;
  }

  for (const block of document.querySelectorAll(".kd-body p, .kd-note p, .kd-body li")) {
    for (let tries = 0; tries < 200; tries++) {
      const span = hang(characters(block));
      if (!span) break;
      // Kept only if the mark now ends its line; otherwise it would sit on
      // the next character, so it goes back to taking its width.
      const after = characters(block);
      const at = after.findIndex((c) => c.node.parentElement === span);
      const ends = at + 1 >= after.length || Math.abs(after[at + 1].top - after[at].top) > pitch / 2;
      if (!ends) {
        span.className = "kd-hang-refused";
      }
    }
  }

  // Every block ends on the line grid: a table or picture is followed by
  // whole lines, so the lines after it stay on the grid.
  for (const block of document.querySelectorAll(".kd-body > *, .kd-note > *")) {
    const height = block.getBoundingClientRect().height;
    const over = height % pitch;
    if (over > 0.5 && pitch - over > 0.5) block.style.marginBottom = (pitch - over) + "px";
  }

  // The 版记 ends on the foot of the last page (the document's height in
  // lines is its height on the pages, every line being on the grid). Its
  // bottom padding (the last line's half-leading) stands below the 22nd
  // line, in the room the page's content box keeps for it.
  const spacer = document.querySelector(".kd-spacer");
  const colophon = document.querySelector(".kd-colophon");
  if (!spacer || !colophon) return;
  const leading = parseFloat(getComputedStyle(colophon).paddingBottom);
  const top = document.body.getBoundingClientRect().top;
  const end = colophon.getBoundingClientRect().bottom - top - leading;
  const last = Math.ceil(end / page - 1e-3) * page;
  spacer.style.height = Math.max(0, last - end - 0.5) + "px";
}
