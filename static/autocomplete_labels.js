// Gives Django's select2 search-as-you-type fields (core/widgets.py) the accessible name of
// their form label. select2 names its combobox after the chosen value only, which is empty
// until something is chosen, and leaves its search fields without any name.
(function () {
  "use strict";
  const $ = django.jQuery;

  function labelFor(select) {
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    if (!label) return null;
    if (!label.id) label.id = `${select.id}-label`;
    return label;
  }

  function nameSelection(select) {
    const label = labelFor(select);
    const container = select.nextElementSibling;
    if (!label || !container || !container.classList.contains("select2")) return;
    const selection = container.querySelector(".select2-selection");
    const rendered = container.querySelector(".select2-selection__rendered");
    if (rendered && rendered.id) {
      // The single choice: the label, then the chosen value.
      rendered.setAttribute("aria-labelledby", label.id);
      selection.setAttribute("aria-labelledby", `${label.id} ${rendered.id}`);
    } else {
      selection.setAttribute("aria-labelledby", label.id);
    }
    const search = container.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-labelledby", label.id);
  }

  $(function () {
    // Runs after admin/js/autocomplete.js has turned the fields into select2 widgets.
    $(".admin-autocomplete").each(function () { nameSelection(this); });
  });

  $(document).on("select2:open", function (event) {
    const select = event.target;
    const label = labelFor(select);
    const search = document.querySelector(".select2-container--open .select2-search__field");
    if (label && search) search.setAttribute("aria-labelledby", label.id);
    // An open combobox names the list it controls (ARIA 1.2); select2 only sets aria-owns.
    const selection = select.nextElementSibling &&
      select.nextElementSibling.querySelector(".select2-selection");
    const results = selection && selection.getAttribute("aria-owns");
    if (results) selection.setAttribute("aria-controls", results);
  });
})();
