/* Shrinks a display equation that is a little wider than the text column until it fits.
 *
 * Once MathJax has typeset the page, every display equation (mjx-container[display="true"]) is
 * watched with a ResizeObserver: whenever its box changes width (first layout, a window
 * resize, a folded solution opened), an equation wider than its box gets a smaller font size,
 * down to MIN_SCALE of its own. A wider one is left alone: it has to be split over lines in
 * its chapter (tests/browser/test_page_layout.py fails on it). A shrunk container carries
 * data-fit-scale, the factor applied.
 */
(() => {
  "use strict";
  const MIN_SCALE = 0.8;
  const fittedWidth = new WeakMap();

  function fit(box) {
    const width = box.clientWidth;
    if (width === 0 || fittedWidth.get(box) === width) return;
    fittedWidth.set(box, width);
    if ("fitScale" in box.dataset) {
      box.style.fontSize = box.dataset.fitFontSize;
      delete box.dataset.fitScale;
      delete box.dataset.fitFontSize;
    }
    const scale = width / box.scrollWidth;
    if (scale >= 1 || scale < MIN_SCALE) return;
    box.dataset.fitFontSize = box.style.fontSize;
    box.dataset.fitScale = scale.toFixed(3);
    // Rounded down so that sub-pixel glyph widths cannot push it back over the edge.
    box.style.fontSize = `${Math.floor(parseFloat(getComputedStyle(box).fontSize) * scale * 10) / 10}px`;
  }

  function watch() {
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => fit(entry.target)));
    document.querySelectorAll('mjx-container[display="true"]').forEach((box) => observer.observe(box));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) startup.promise.then(watch);
  });
})();
