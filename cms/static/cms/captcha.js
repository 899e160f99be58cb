/* A public form's CAPTCHA (cms/access/captcha_widget.py), fetched when the reader starts
   on the form (no challenge is written for a page only read). Without this script the
   form comes back once with a challenge when sent. */
(function () {
  "use strict";
  function load(box) {
    var key = box.querySelector("input[type=hidden]");
    if (!key || key.value || box.dataset.loading) return;
    box.dataset.loading = "1";
    fetch(box.dataset.refresh, {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (data) {
        var image = box.querySelector("img.captcha");
        key.value = data.key;
        image.src = data.image_url;
        image.hidden = false;
      })
      .catch(function () {
        delete box.dataset.loading;
      });
  }
  document.addEventListener("focusin", function (event) {
    var form = event.target.closest && event.target.closest("form");
    var box = form && form.querySelector(".captcha-challenge");
    if (box) load(box);
  });
})();
