// A drop target: shows while something is dragged over it, and hands what is dropped to its owner.

export class DropTarget {
  /** Something is being dragged over the element (it shows a drop outline). */
  dragging = $state(false);
  readonly #ondrop: (data: DataTransfer) => void;

  constructor(ondrop: (data: DataTransfer) => void) {
    this.#ondrop = ondrop;
  }

  /** The element's drag and drop handlers, to spread on it. */
  readonly handlers = {
    ondragover: (event: DragEvent): void => {
      event.preventDefault();
      this.dragging = true;
    },
    ondragleave: (): void => {
      this.dragging = false;
    },
    ondrop: (event: DragEvent): void => {
      event.preventDefault();
      this.dragging = false;
      if (event.dataTransfer) this.#ondrop(event.dataTransfer);
    },
  };
}
