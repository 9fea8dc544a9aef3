// Sanctuary's only page script: CSRF for htmx, error messages for htmx, and the quick exit.
// Loaded with `defer` from the layout; the CSP allows no inline script.
(function () {
  "use strict";

  // htmx's settings, here rather than in a meta tag on every page. htmx reads them once the page
  // is ready, after this script (deferred, like htmx, and after it) has run: no style of its own
  // (the CSP allows none inline), no eval and no script from responses, requests to this site
  // only, and no copy of pages in its history cache (a signed-in page must not outlive Back).
  // Without htmx (it did not load) the rest of this script, the quick exit first, still runs.
  if (window.htmx) {
    Object.assign(window.htmx.config, {
      includeIndicatorStyles: false,
      historyCacheSize: 0,
      refreshOnHistoryMiss: true,
      allowEval: false,
      allowScriptTags: false,
      selfRequestsOnly: true
    });
  }

  var alerts = document.getElementById("alerts");

  function showAlert(html) {
    if (!alerts) { return; }
    var box = document.createElement("div");
    box.className = "alerts__item";
    box.innerHTML = html;
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "alerts__dismiss button button--secondary";
    dismiss.textContent = alerts.dataset.labelDismiss;
    dismiss.addEventListener("click", function () { box.remove(); });
    box.appendChild(dismiss);
    alerts.replaceChildren(box);
    box.scrollIntoView({ block: "nearest" });
  }

  function showText(text) {
    var p = document.createElement("p");
    p.className = "notice notice--error";
    p.textContent = text;
    showAlert(p.outerHTML);
  }

  // htmx sends the CSRF token in a header on every request that changes something, and says
  // when the page was shown to a signed-in person (so an ended session gets a sign-in message).
  document.body.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
    if (document.body.dataset.signedIn === "1") {
      event.detail.headers["X-Sanctuary-Signed-In"] = "1";
    }
  });

  // A form that came back with errors: move focus to the summary, as GOV.UK services do.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // htmx 2 does not swap 4xx/5xx answers: show them in the alert region instead of staying silent.
  document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.getResponseHeader("X-Sanctuary-Alert")) {
      showAlert(xhr.responseText);
    } else {
      showText(alerts.dataset.messageError);
    }
  });

  document.body.addEventListener("htmx:sendError", function () {
    showText(alerts.dataset.messageNetwork);
  });

  // Quick exit: leave at once, replacing this page in the history so Back does not return to it.
  var exitLink = document.querySelector("[data-quick-exit]");
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    document.body.classList.add("is-leaving");
    document.title = "";
    window.location.replace(exitLink.href);
  }
  if (exitLink) {
    exitLink.addEventListener("click", quickExit);
    // Shift pressed three times within two seconds also leaves (as on GOV.UK services).
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) { quickExit(); }
    });
  }
}());

// An autosave that failed (refused, or the network is down) says so next to the answer too.
(function () {
  "use strict";
  function markUnsaved(event) {
    var holder = event.detail.elt && event.detail.elt.closest("[data-status-target]");
    var alerts = document.getElementById("alerts");
    if (!holder || !alerts) { return; }
    var status = document.getElementById(holder.dataset.statusTarget);
    var signedOut = event.detail.xhr && event.detail.xhr.status === 401;
    if (status) {
      status.textContent = signedOut ? alerts.dataset.messageSignedOut
        : alerts.dataset.messageUnsaved;
    }
  }

  // Say that answers save as they are typed only where they do (not without JavaScript).
  document.querySelectorAll("[data-autosave-note]").forEach(function (note) {
    note.hidden = false;
  });
  document.body.addEventListener("htmx:responseError", markUnsaved);
  document.body.addEventListener("htmx:sendError", markUnsaved);

  // While "changed elsewhere" is shown, autosave waits for the person to choose: what they type
  // stays in the boxes, and only "Keep my version" (or a reload) sends it.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.matches("[data-status-target]") && elt.querySelector("[data-changed-elsewhere]")) {
      event.preventDefault();
    }
  });
}());

// Warn about a file that is too large before sending it (the server refuses it anyway).
(function () {
  "use strict";
  document.querySelectorAll("[data-upload-form]").forEach(function (form) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    var error = form.querySelector("[data-too-large]");
    if (!input || !error) { return; }
    function tooLarge() {
      var file = input.files && input.files[0];
      return file && file.size > Number(input.dataset.maxBytes);
    }
    function show() {
      var large = tooLarge();
      error.hidden = !large && !error.textContent.trim();
      if (large) {
        error.textContent = error.dataset.tooLarge;
        error.hidden = false;
        input.setAttribute("aria-invalid", "true");
      }
      return large;
    }
    input.addEventListener("change", show);
    form.addEventListener("submit", function (event) {
      if (show()) { event.preventDefault(); input.focus(); }
    });
  });
}());

// A form whose button says so is sent once: a double click does not send it twice (the server
// would refuse the second anyway, but this spares the person a confusing second page).
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  if (!form.querySelector("[data-prevent-double-click]")) { return; }
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
});

// A long form's jump list keeps its count ("3 of 7 judged") and its marks live as radios change.
(function () {
  "use strict";
  document.querySelectorAll("[data-progress]").forEach(function (list) {
    var marks = list.querySelectorAll("[data-progress-done]");
    var count = list.querySelector("[data-progress-count]");
    function update() {
      var done = 0;
      marks.forEach(function (mark) {
        var group = document.getElementById(mark.dataset.progressDone);
        var chosen = Boolean(group && group.querySelector("input:checked"));
        mark.hidden = !chosen;
        if (chosen) { done += 1; }
      });
      var text = list.dataset.progressTemplate.replace("{done}", String(done))
        .replace("{total}", String(marks.length));
      if (count.textContent !== text) { count.textContent = text; }
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio]")) { update(); }
    });
  });
}());
