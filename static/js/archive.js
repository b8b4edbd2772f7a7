/* Reading pages: "复制链接" copies a section's permanent URL, "复制引文" a citation.
 * Without JavaScript the link control is a plain link to that URL and the citation
 * is plain text on the page, so nothing is lost.
 * Search results: opening or closing a result's list of all matching sections is kept
 * in the page's URL (open=<notice key>), which the server reads to open the list. */
(function () {
  "use strict";

  function announce(message) {
    var status = document.getElementById("live-status");
    if (!status) return;
    status.textContent = message;
    status.classList.add("toast--visible");
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(function () {
      status.classList.remove("toast--visible");
    }, 2500);
  }

  // Older browsers and pages served over plain HTTP have no async clipboard.
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (err) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithSelection(text); }
      );
    }
    return Promise.resolve(copyWithSelection(text));
  }

  // On a phone the contents list would push the text a long way down: start it folded.
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia("(max-width: 48rem)").matches) {
    toc.open = false;
  }

  // Printing shows every folded panel (figures, contents) as it would be read on paper.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      if (details.closest(".qr")) return;
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) return;
    var text = source.textContent.trim();
    copy(text).then(function (copied) {
      if (copied) {
        button.textContent = "已复制";
        button.classList.add("copy-button--done");
        window.setTimeout(function () {
          button.textContent = "复制引文";
          button.classList.remove("copy-button--done");
        }, 2000);
        announce("已复制引文:" + text);
      } else {
        window.prompt("请手动复制引文:", text);
      }
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy-url]");
    if (!link) return;
    event.preventDefault();
    var url = link.getAttribute("data-copy-url");
    copy(url).then(function (copied) {
      if (copied) {
        link.classList.add("copy-link--done");
        link.textContent = "已复制";
        window.setTimeout(function () {
          link.textContent = "复制链接";
          link.classList.remove("copy-link--done");
        }, 2000);
        announce("已复制本节链接:" + url);
      } else {
        window.prompt("请手动复制本节链接:", url);
      }
    });
  });

  // The server opens the lists the URL names; here a list opened or closed by the reader rewrites the
  // URL in place, so reloading, bookmarking or sharing the page keeps it as it is shown.
  document.querySelectorAll("details[data-open-key]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.hasAttribute("data-opened-for-print")) return;
      var key = details.getAttribute("data-open-key");
      var url = new URL(window.location.href);
      var keys = url.searchParams.getAll("open").filter(function (other) { return other !== key; });
      if (details.open) keys.push(key);
      url.searchParams.delete("open");
      keys.forEach(function (other) { url.searchParams.append("open", other); });
      window.history.replaceState(window.history.state, "", url.toString());
    });
  });
})();
