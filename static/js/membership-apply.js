// The application form offers the name (and kind and region) the register knows for the IČO
// typed; without the script the name may be left empty and is filled in on submit.
(function () {
  "use strict";
  var offer = document.getElementById("ico-offer");
  var ico = document.getElementById("id_ico");
  if (!offer || !ico || !window.fetch) { return; }
  var name = document.getElementById("id_name");
  var kind = document.getElementById("id_kind");
  var region = document.getElementById("id_region");
  var asked = "";
  var lookup = function () {
    var value = ico.value.replace(/\s+/g, "");
    if (!/^\d{8}$/.test(value) || value === asked) { return; }
    asked = value;
    var url = offer.getAttribute("data-lookup-url").replace("00000000", value);
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { name: null }; })
      .then(function (known) {
        offer.textContent = "";
        if (!known.name || ico.value.replace(/\s+/g, "") !== value) { return; }
        var text = document.createElement("p");
        text.textContent = offer.getAttribute("data-known") + " " + known.name +
          (known.member ? ". " + offer.getAttribute("data-member") : "");
        offer.appendChild(text);
        if (known.member || !name || name.value === known.name) { return; }
        var use = document.createElement("button");
        use.type = "button";
        use.textContent = offer.getAttribute("data-use");
        use.addEventListener("click", function () {
          name.value = known.name;
          if (kind && known.kind) { kind.value = known.kind; }
          if (region && known.region) { region.value = String(known.region); }
          offer.textContent = "";
          name.focus();
        });
        text.appendChild(document.createTextNode(" "));
        text.appendChild(use);
      })
      .catch(function () { offer.textContent = ""; });
  };
  ico.addEventListener("change", lookup);
  ico.addEventListener("blur", lookup);
})();
