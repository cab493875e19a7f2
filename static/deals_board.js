// Kanban board of open deals: drag a card to another column to move the deal.
// The server moves it (deals:board_move) and answers with the whole board, which htmx swaps in.
(function () {
  "use strict";

  function boardOwner() {
    const board = document.getElementById("deal-board");
    return board ? board.dataset.owner : "";
  }

  document.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest(".deal-card");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function (event) {
    const card = event.target.closest && event.target.closest(".deal-card");
    if (card) card.classList.remove("dragging");
  });

  document.addEventListener("dragover", function (event) {
    const column = event.target.closest && event.target.closest(".deal-column");
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  });

  document.addEventListener("drop", function (event) {
    const column = event.target.closest && event.target.closest(".deal-column");
    if (!column) return;
    event.preventDefault();
    const url = event.dataTransfer.getData("text/plain");
    if (!url) return;
    htmx.ajax("POST", url, {
      target: "#deal-board",
      swap: "outerHTML",
      values: { stage: column.dataset.stage, owner: boardOwner() },
    });
  });
})();
