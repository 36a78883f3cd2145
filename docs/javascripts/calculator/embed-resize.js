// In the embeddable page (data-embed="true") inside a partner's iframe: report the content's height to
// the parent window by postMessage ({type: "mi-calculator:height", height}), whenever it changes.
export function reportHeight(node) {
  if (node.getAttribute("data-embed") !== "true" || window.parent === window || !("ResizeObserver" in window)) return;
  // Measure the content box, not the document: the document is never shorter than the frame, so a result
  // that gets shorter could not shrink the frame.
  const article = node.closest(".mi-embed") || node.closest("article") || document.body;
  new ResizeObserver(() => {
    const height = Math.ceil(article.getBoundingClientRect().bottom + window.scrollY);
    window.parent.postMessage({ type: "mi-calculator:height", height }, "*");
  }).observe(article);
}
